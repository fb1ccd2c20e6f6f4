<#ftl output_format="plainText" encoding="UTF-8">
<#--
  Alert mail to ops.notify.to, plain-text part. Values: state (started, cleared), title, since, deadline,
  recover_from, at, detail, action, runbook (empty where one does not apply). No personal data is passed in.
-->
<#if state == "started">ALERT<#else>CLEARED</#if>: ${title}

<#if state == "started">
What happened:  ${detail}
Since:          ${since}
<#if deadline?has_content>
Deadline:       ${deadline} (YunoJuno stops retrying then and marks the messages failed)
</#if>
<#if recover_from?has_content>
Recover from:   ${recover_from} (in the YunoJuno portal, "Recover failed messages", if needed)
</#if>

What to do:
${action}
<#else>
The condition that started at ${since} is over (checked ${at}). Nothing more to do; if messages were
recovered or replayed, the inbox has dropped any repeats.
</#if>

Runbook: ${runbook}

--
Sent automatically by the YunoJuno webhook route pack, at most once per condition per ops.notify.interval.
