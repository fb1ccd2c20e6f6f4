<#ftl output_format="plainText" encoding="UTF-8">
<#--
  Finance approval email, plain-text part (shown by mail programs that do not show HTML).
  Values: see docs/finance.md, "Editing the templates".
-->
Spend requisition approved

A spend requisition has been approved in YunoJuno. Its details:

Title:        ${title}
Amount:       ${amount}
Amount type:  ${amount_type_label}
Currency:     ${currency}
External id:  <#if external_id?has_content>${external_id}<#else>-</#if>
Description:  ${description}
<#list custom_fields as field>
${(field.name + ":")?right_pad(13)} ${field.value}
</#list>
YunoJuno id:  ${spend_request_id}
<#if url?has_content>

Open the requisition in YunoJuno:
${url}
</#if>

--
Sent automatically by the YunoJuno webhook route pack (event ${svix_id}).
