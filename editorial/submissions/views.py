"""信息报送 on the reading site: an information officer's own unit's submissions.

Never cached and never public: anonymous visitors are sent to sign in, a
signed-in user who is no officer is refused (403), and another unit's
submission does not exist for an officer (404). Every check is made here, on
the server, through ``editorial.submissions.rules``.
"""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from editorial.signed import readers
from editorial.submissions import attachments, decisions, rules
from editorial.submissions.forms import SubmissionForm
from editorial.submissions.models import Submission, UnitQuota

SUBMISSIONS_PER_PAGE = 30


def officer_page(view):
    """Signed in (else the sign-in page) and an information officer (else 403)."""

    @login_required
    @never_cache
    def wrapped(request, *args, **kwargs):
        officer = rules.officer_of(request.user)
        if officer is None:
            raise PermissionDenied
        request.officer = officer
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _own(request, pk) -> Submission:
    return get_object_or_404(rules.visible_to_officer(request.officer), pk=pk)


def month_so_far(unit_id) -> tuple[int, int | None]:
    """This month's count of the unit's submissions, and its monthly quota (None: none set)."""
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today.replace(day=1), time.min))
    count = Submission.objects.counted().filter(unit_id=unit_id, submitted_at__gte=start).count()
    quota = UnitQuota.objects.filter(unit_id=unit_id).values_list("per_month", flat=True).first()
    return count, quota


@officer_page
def submission_list(request):
    """The unit's submissions, newest first, with their status and this month's count."""
    submissions = (
        rules.visible_to_officer(request.officer)
        .select_related("submitted_by")
        .order_by("-submitted_at", "-pk")
    )
    page = Paginator(submissions, SUBMISSIONS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    printed = readers.printed_in(s.article_id for s in shown if s.article_id)
    for submission in shown:
        submission.printed_in = printed.get(submission.article_id)
    count, quota = month_so_far(request.officer.unit_id)
    return TemplateResponse(
        request,
        "submissions/list.html",
        {
            "officer": request.officer,
            "submissions": shown,
            "page_obj": page,
            "month_count": count,
            "quota": quota,
        },
    )


def _attach(request, submission, uploads) -> None:
    """Keep each file that passes its checks; refuse the others alone, saying why."""
    for refusal in attachments.attach(submission, uploads):
        messages.error(request, refusal)


@officer_page
def submission_create(request):
    """A new submission, to the inbox of the office the unit reports to. A unit that
    reports to none is told so, and the form comes back with what was typed."""
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                submission = form.save(commit=False)
                submission.unit = request.officer.unit
                decisions.submit(submission, request.user)
                _attach(request, submission, form.cleaned_data["attachments"])
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Submitted to the office."))
            return redirect("submissions:detail", submission.pk)
    return TemplateResponse(
        request, "submissions/form.html", {"form": form, "officer": request.officer}
    )


@officer_page
def submission_detail(request, pk):
    submission = _own(request, pk)
    return TemplateResponse(
        request,
        "submissions/detail.html",
        {
            "officer": request.officer,
            "submission": submission,
            "decisions": submission.decisions.select_related("actor"),
            "attachments": submission.attachments.all(),
            "issue": readers.printed_in([submission.article_id]).get(submission.article_id),
        },
    )


@officer_page
def submission_edit(request, pk):
    """Edit until the office handles it; saving a returned one resubmits it."""
    submission = _own(request, pk)
    if not submission.open_to_officer:
        messages.error(
            request, _("The office has handled this submission: it can no longer be changed.")
        )
        return redirect("submissions:detail", submission.pk)
    form = SubmissionForm(request.POST or None, request.FILES or None, instance=submission)
    if request.method == "POST" and form.is_valid():
        returned = submission.status == Submission.Status.RETURNED
        text = {name: form.cleaned_data[name] for name in decisions.OFFICER_FIELDS}
        try:
            with transaction.atomic():
                submission = decisions.revise(submission, request.user, text)
                _attach(request, submission, form.cleaned_data["attachments"])
        except ValidationError:
            messages.error(
                request, _("The office has handled this submission: it can no longer be changed.")
            )
            return redirect("submissions:detail", pk)
        if returned:
            messages.success(request, _("Revised and resubmitted to the office."))
        else:
            messages.success(request, _("Changes saved."))
        return redirect("submissions:detail", submission.pk)
    return TemplateResponse(
        request,
        "submissions/form.html",
        {"form": form, "officer": request.officer, "submission": submission},
    )


@require_POST
@officer_page
def submission_withdraw(request, pk):
    submission = _own(request, pk)
    try:
        decisions.withdraw(submission, request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Withdrawn."))
    return redirect("submissions:detail", submission.pk)


@officer_page
def attachment_download(request, pk, attachment_pk):
    submission = _own(request, pk)
    attachment = get_object_or_404(submission.attachments, pk=attachment_pk)
    return attachments.serve(attachment)
