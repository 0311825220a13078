"""The audited actions by name, in the user's language. The stored code (``application.submit``) stays in the
database and in the exports; pages show the name. An action missing here is shown by its code
(``tests/audit/test_labels.py`` fails for an action a service records without a name here)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    # accounts and API tokens
    "account.created_by_oidc": _("Account created at sign-in with ID-porten/Ansattporten"),
    "user.create": _("Account created"),
    "user.invitation_send": _("Set-password e-mail sent"),
    "user.deactivate": _("Account deactivated"),
    "user.reactivate": _("Account reactivated"),
    "two_factor.enrol": _("Second sign-in factor set up"),
    "two_factor.recovery_code_used": _("Recovery code used to sign in"),
    "two_factor.recovery_codes_renew": _("New recovery codes made"),
    "two_factor.turn_off": _("Second sign-in factor turned off"),
    "two_factor.reset": _("Second sign-in factor reset"),
    "role_assignment.grant": _("Role granted"),
    "role_assignment.revoke": _("Role revoked"),
    "api_token.create": _("API token created"),
    "api_token.revoke": _("API token revoked"),
    # programmes, rounds, calls and applications
    "programme.create": _("Programme created"),
    "programme.rules_update": _("Allocation rules changed"),
    "programme_round.create": _("Programme round created"),
    "programme_round.open": _("Programme round opened"),
    "programme_round.close": _("Programme round closed"),
    "call.publish": _("Call published"),
    "deadline_extension.grant": _("Deadline extended"),
    "application.create": _("Application started"),
    "application.save": _("Draft saved"),
    "application.share": _("Draft shared with the county governor for advice"),
    "application.unshare": _("Sharing of the draft withdrawn"),
    "application.submit": _("Application submitted"),
    "application.reopen": _("Application reopened"),
    "political_decision.record": _("Political decision recorded"),
    "assessment.submit": _("Assessment submitted"),
    "recommendation.forward": _("Recommendation forwarded to the directorate"),
    "selection.decide": _("Participants decided"),
    "stratified_draw.record": _("Stratified draw recorded"),
    # follow-up
    "followup.project_start": _("Follow-up started"),
    "followup.project_update": _("Project changed"),
    "followup.member_add": _("Member added to the organisation"),
    "followup.member_remove": _("Member removed from the organisation"),
    "followup.challenge_add": _("Challenge added to the baseline analysis"),
    "followup.baseline_indicator_add": _("Baseline indicator added"),
    "followup.value_set": _("Follow-up value recorded"),
    "followup.comment_add": _("Comment written"),
    "followup.measure_create": _("Measure created"),
    "followup.measure_update": _("Measure changed"),
    "followup.step_record": _("Cooperation step recorded"),
    "followup.report_open": _("Yearly report started"),
    "followup.report_save": _("Yearly report saved"),
    "followup.report_submit": _("Yearly report submitted"),
    "followup.report_return": _("Yearly report sent back"),
    "followup.report_approve": _("Yearly report approved"),
    "followup.report_reopen": _("Yearly report reopened"),
    "followup.clawback_decide": _("Claw-back decided"),
    "followup.report_remind": _("Reminder of a late report sent"),
    "followup.network_meeting_record": _("Network meeting recorded"),
    # allocation
    "allocation_run.create": _("Allocation run made"),
    "allocation_run.lock": _("Allocation run locked"),
    "award_letter.create": _("Award letter made"),
    "continuation.create": _("Continuation registered"),
    "continuation.delete": _("Continuation removed"),
    # evaluation
    "evaluation.form.create": _("Reflection form created"),
    "evaluation.form_version.create": _("Form version created"),
    "evaluation.form_version.import": _("Form version imported from XLSForm"),
    "evaluation.form_version.publish": _("Form version published"),
    "evaluation.item.save": _("Question saved"),
    "evaluation.item.delete": _("Question removed"),
    "evaluation.wave.create": _("Wave created"),
    "evaluation.response.create": _("Reflection form started"),
    "evaluation.response.save": _("Reflection form saved"),
    "evaluation.response.submit": _("Reflection form submitted"),
    "evaluation.response.reopen": _("Reflection form reopened"),
    "evaluation.interview.create": _("Interview or workshop logged"),
    "evaluation.interview_document.add": _("Document attached to the interview log"),
    # the codes the demo used before its events were recorded with the ordinary actions (kept for old logs)
    "evaluation.demo.form": _("Reflection form created"),
    "evaluation.demo.form_version": _("Form version published"),
    "evaluation.demo.wave": _("Wave created"),
    "evaluation.demo.response": _("Reflection form submitted"),
    "evaluation.response.import": _("Reflection form answers imported"),
}


def action_label(code: str) -> str:
    """The action's name in the active language, or its code when it has none."""
    label = ACTIONS.get(code)
    return str(label) if label is not None else code
