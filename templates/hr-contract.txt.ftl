<#ftl output_format="plainText" encoding="UTF-8">
<#--
  HR notification (new starter / leaver), plain-text part. Values: see docs/finance.md, "HR notifications".
-->
${headline}: ${contractor_name}

<#if kind == "starter">
A contractor has accepted and signed a contract with ${client_name}.
<#else>
A contract with ${client_name} is ending.
</#if>

Contractor:         ${contractor_name}<#if contractor_legal_name?has_content && contractor_legal_name != contractor_name> (legal name: ${contractor_legal_name})</#if>
Email:              ${contractor_email}
Job title:          ${job_title}
Contract:           ${contract_title}
Start date:         ${start_date}
End date:           ${end_date}
<#if actual_end_date?has_content>
Actual end date:    ${actual_end_date}
</#if>
Notice period:      ${notice_period_days} days
Work location:      ${work_location}
Hiring manager(s):  <#list hirers as h>${h.full_name}<#sep>, </#list>
<#list custom_fields as field>
${(field.name + ":")?right_pad(19)} ${field.value}
</#list>
<#list contractor_custom_fields as field>
${(field.name + ":")?right_pad(19)} ${field.value}
</#list>
YunoJuno contract:  ${contract_id}
<#if url?has_content>

Open the contract in YunoJuno:
${url}
</#if>

--
Sent automatically by the YunoJuno webhook route pack (event ${svix_id}).
