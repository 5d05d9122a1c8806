"""The analyst workspace: diaries, coding, memos, codebook, search, agreement, assignment,
and the staff redaction pages."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.enums import AuditAction, Role
from arki.core.models import RoleAssignment, User
from arki.core.permissions import can
from arki.core.selectors.processes import get_process_for_user
from arki.core.services.audit import audit_record
from arki.insight.models import DiaryDay

from .. import selectors, services
from ..documents import (
    awaiting_review,
    diary_review,
    diary_reviewed,
    entries_for_days,
    map_texts,
    raw_text,
    reviewed_diaries,
)
from ..enums import DiaryField
from ..forms import (
    ApplyHitsForm,
    AssignForm,
    ChunkCodingForm,
    CodeForm,
    MemoForm,
    RedactSpanForm,
    RedactTextForm,
    SearchForm,
    SpanCodingForm,
)
from ..models import Coding, Memo, Redaction

PAGE_SIZE = 50


def staff(request: HttpRequest) -> User:
    """The signed-in user: every view here passes a permission check first, which an
    anonymous visitor fails, so the user is a real account by the time a service runs."""
    return cast(User, request.user)


def base(request: HttpRequest, process: Any, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "process": process,
        "can_view": can(user, "analysis.view", process),
        "can_code": can(user, "analysis.code", process),
        "can_assign": can(user, "analysis.assign", process),
        "can_redact": can(user, "analysis.redact", process),
        "can_codebook": can(user, "analysis.codebook", process),
        "can_cluster": can(user, "analysis.cluster", process),
        "can_persona": can(user, "analysis.persona", process),
        "can_publish": can(user, "analysis.publish", process),
        "can_export": can(user, "analysis.export", process),
        **extra,
    }


def _with_review_count(request: HttpRequest, process: Any, **extra: Any) -> dict[str, Any]:
    """`base` plus how many diaries analysts cannot read yet (staff review pending)."""
    return {
        **base(request, process, **extra),
        "awaiting_review": awaiting_review(process),
    }


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.view")
    context = _with_review_count(
        request,
        process,
        diaries=selectors.diaries_for_user(request.user, process).count()
        if can(request.user, "analysis.code", process)
        else None,
        codes=len(selectors.codebook(process)),
        personas=selectors.personas_for_user(request.user, process).count(),
        k=services.k_anonymity(),
    )
    return render(request, "analysis/overview.html", context)


def diary_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.code")
    diaries = selectors.diary_list(request.user, process)
    page = Paginator(diaries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "analysis/diary_list.html", _with_review_count(request, process, page=page)
    )


def _coding_page(request: HttpRequest, process: Any, participant: Any, **extra: Any):
    codes = selectors.codebook(process)
    workspace = selectors.diary_workspace(staff(request), participant)
    for row in workspace["rows"]:
        row["form"] = ChunkCodingForm(
            codes=codes, spans=len(row["entry"].spans), prefix=row["entry"].key
        )
        row["span_form"] = SpanCodingForm(codes=codes, prefix=f"s{row['entry'].key}")
    return render(
        request,
        "analysis/diary.html",
        base(
            request,
            process,
            participant=participant,
            person=participant.person,
            codes=codes,
            memo_form=extra.pop("memo_form", MemoForm()),
            **workspace,
            **extra,
        ),
    )


def diary_view(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.code")
    participant = selectors.get_diary_for_user(request.user, process, code)
    return _coding_page(request, process, participant)


def _answer(participant: Any, key: str) -> tuple[DiaryDay, str]:
    day_id, _sep, field = key.partition("-")
    if field not in DiaryField.values or not day_id.isdigit():
        raise ValidationError(_("That answer was not found."))
    day = get_object_or_404(DiaryDay, pk=int(day_id), participant=participant)
    return day, field


@require_POST
def coding_add(request: HttpRequest, slug: str, code: str, key: str) -> HttpResponse:
    """Both coding ways post here: ticked sentences, or start/end from a selection."""
    process = get_process_for_user(request.user, slug, "analysis.code")
    participant = selectors.get_diary_for_user(request.user, process, code)
    day, field = _answer(participant, key)
    codes = selectors.codebook(process)
    entry = next((e for e in entries_for_days([day]) if e.field == field), None)
    if entry is None:
        raise PermissionDenied
    try:
        if request.POST.get("mode") == "span":
            form = SpanCodingForm(request.POST, codes=codes, prefix=f"s{key}")
            if not form.is_valid():
                raise ValidationError([m for ms in form.errors.values() for m in ms])
            services.coding_add(
                coder=staff(request),
                day=day,
                field=field,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                code=form.cleaned_data["code"],
            )
            made = 1
        else:
            chunk_form = ChunkCodingForm(
                request.POST, codes=codes, spans=len(entry.spans), prefix=key
            )
            if not chunk_form.is_valid():
                raise ValidationError([m for ms in chunk_form.errors.values() for m in ms])
            made = services.codings_add_many(
                coder=staff(request),
                process=process,
                items=[
                    (day, field, *entry.spans[index], chunk_form.cleaned_data["code"])
                    for index in chunk_form.cleaned_data["chunks"]
                ],
            )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Code applied to %(n)d passages.") % {"n": made})
    return redirect(f"{request.path.rsplit('/codings/', 1)[0]}/#entry-{key}")


@require_POST
def coding_delete(request: HttpRequest, slug: str, code: str, pk: int) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.code")
    participant = selectors.get_diary_for_user(request.user, process, code)
    coding = get_object_or_404(Coding, pk=pk, day__participant=participant, coder=staff(request))
    key = f"{coding.day_id}-{coding.field}"
    services.coding_delete(coding=coding, by=staff(request))
    messages.success(request, _("The code was removed."))
    return redirect(f"{request.path.rsplit('/codings/', 1)[0]}/#entry-{key}")


@require_POST
def memo_add(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.code")
    participant = selectors.get_diary_for_user(request.user, process, code)
    form = MemoForm(request.POST)
    if not form.is_valid():
        return _coding_page(request, process, participant, memo_form=form)
    services.memo_add(
        person=participant.person, author=staff(request), text=form.cleaned_data["text"]
    )
    messages.success(request, _("Memo saved."))
    return redirect("analysis:diary", slug=slug, code=participant.person.code)


@require_POST
def memo_delete(request: HttpRequest, slug: str, code: str, pk: int) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.code")
    participant = selectors.get_diary_for_user(request.user, process, code)
    memo = get_object_or_404(Memo, pk=pk, person=participant.person, author=staff(request))
    services.memo_delete(memo=memo, by=staff(request))
    messages.success(request, _("Memo deleted."))
    return redirect("analysis:diary", slug=slug, code=participant.person.code)


def codebook_view(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.view")
    form = CodeForm(process=process)
    if request.method == "POST":
        get_process_for_user(request.user, slug, "analysis.codebook")
        if "seed" in request.POST:
            made = services.codebook_seed(process=process, by=staff(request))
            messages.success(request, _("%(n)d codes added.") % {"n": made})
            return redirect("analysis:codebook", slug=slug)
        form = CodeForm(request.POST, process=process)
        if form.is_valid():
            data = form.cleaned_data
            services.code_create(process=process, by=staff(request), **data)
            messages.success(request, _("Code added."))
            return redirect("analysis:codebook", slug=slug)
    return render(
        request,
        "analysis/codebook.html",
        base(request, process, codes=selectors.codebook(process), form=form),
    )


def search(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.code")
    codes = selectors.codebook(process)
    form = SearchForm(request.GET or None)
    hits: list[selectors.SearchHit] = []
    truncated, apply_form = False, None
    if form.is_valid():
        hits, truncated = selectors.search_for_user(request.user, process, form.cleaned_data["q"])
        apply_form = ApplyHitsForm(
            codes=codes,
            tokens=[h.token for h in hits],
            initial={"q": form.cleaned_data["q"], "hits": [h.token for h in hits]},
        )
    if request.method == "POST":
        posted = request.POST.getlist("hits")
        apply_form = ApplyHitsForm(request.POST, codes=codes, tokens=posted)
        if apply_form.is_valid():
            try:
                made = services.codings_apply_hits(
                    coder=staff(request),
                    process=process,
                    hits=apply_form.cleaned_data["hits"],
                    code=apply_form.cleaned_data["code"],
                    query=apply_form.cleaned_data["q"],
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(
                    request,
                    error.messages[0]
                    if isinstance(error, ValidationError)
                    else _("You may code only the diaries given to you."),
                )
            else:
                messages.success(request, _("Code applied to %(n)d hits.") % {"n": made})
            return redirect(f"{request.path}?q={apply_form.cleaned_data['q']}")
        messages.error(request, _("Choose a code and at least one hit."))
    return render(
        request,
        "analysis/search.html",
        _with_review_count(
            request, process, form=form, hits=hits, truncated=truncated, apply_form=apply_form
        ),
    )


def agreement(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.view")
    context = base(request, process, **selectors.agreement_for_user(request.user, process))
    partial = request.headers.get("HX-Request") == "true"
    template = "analysis/partials/agreement.html" if partial else "analysis/agreement.html"
    return render(request, template, context)


def _process_analysts(process: Any) -> Any:
    ids = RoleAssignment.objects.filter(process=process, role=Role.ANALYST).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("username")


def assign(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.assign")
    analysts = _process_analysts(process)
    form = AssignForm(request.POST or None, analysts=analysts, initial={"analysts": list(analysts)})
    if request.method == "POST" and form.is_valid():
        try:
            made = services.assignments_distribute(
                participants=list(selectors.returned_diaries(process)),
                analysts=list(form.cleaned_data["analysts"]),
                per_diary=form.cleaned_data["per_diary"],
                by=staff(request),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("%(n)d assignments made.") % {"n": made})
            return redirect("analysis:assign", slug=slug)
    return render(
        request,
        "analysis/assign.html",
        base(request, process, form=form, **selectors.assignment_overview(process)),
    )


def redact_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.redact")
    diaries = (
        selectors.redaction_diaries_for_user(request.user, process)
        .annotate(redactions=Count("days__analysis_redactions"))
        .order_by("person__code")
    )
    page = Paginator(diaries, PAGE_SIZE).get_page(request.GET.get("page"))
    reviewed = reviewed_diaries(d.pk for d in page.object_list)
    for diary in page.object_list:
        diary.reviewed = diary.pk in reviewed  # type: ignore[attr-defined]
    return render(request, "analysis/redact_list.html", base(request, process, page=page))


def redact_diary(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.redact")
    participant = selectors.get_redaction_diary(request.user, process, code)
    text_form, span_form = RedactTextForm(), RedactSpanForm()
    if request.method == "POST":
        try:
            if "reviewed" in request.POST:
                diary_review(participant=participant, by=staff(request))
                messages.success(request, _("Reviewed: analysts now see this diary, redacted."))
                return redirect("analysis:redact_diary", slug=slug, code=code)
            if "text" in request.POST:
                text_form = RedactTextForm(request.POST)
                if text_form.is_valid():
                    made = services.redaction_add_text(
                        participant=participant,
                        text=text_form.cleaned_data["text"],
                        by=staff(request),
                    )
                    messages.success(request, _("%(n)d places hidden.") % {"n": made})
                    return redirect("analysis:redact_diary", slug=slug, code=code)
            else:
                span_form = RedactSpanForm(request.POST)
                if span_form.is_valid():
                    data = span_form.cleaned_data
                    day = get_object_or_404(DiaryDay, participant=participant, day=data["day"])
                    services.redaction_add(
                        day=day,
                        field=data["field"],
                        start=data["start"],
                        end=data["end"],
                        by=staff(request),
                    )
                    messages.success(request, _("The part was hidden."))
                    return redirect("analysis:redact_diary", slug=slug, code=code)
        except ValidationError as error:
            _errors(request, error)
    days = list(participant.days.order_by("day"))
    originals: list[dict[str, Any]] = [
        {"day": d, "field": f, "label": DiaryField(f).label, "text": raw_text(d, f)}
        for d in days
        for f in DiaryField.values
        if raw_text(d, f).strip()
    ]
    redacted = {e.key: e.text for e in entries_for_days(days, preview=True)}
    for row in originals:
        row["redacted"] = redacted.get(f"{row['day'].pk}-{row['field']}", "")
    redactions = Redaction.objects.filter(day__participant=participant).select_related("day")
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        subject="Unredacted diary text (redaction)",
        person=participant.person,
    )
    return render(
        request,
        "analysis/redact_diary.html",
        base(
            request,
            process,
            participant=participant,
            originals=originals,
            map_texts=map_texts(participant),
            phrases=participant.analysis_hidden_phrases.all(),
            reviewed=diary_reviewed(participant),
            redactions=redactions,
            text_form=text_form,
            span_form=span_form,
        ),
    )


@require_POST
def redaction_delete(request: HttpRequest, slug: str, code: str, pk: int) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.redact")
    participant = selectors.get_redaction_diary(request.user, process, code)
    redaction = get_object_or_404(Redaction, pk=pk, day__participant=participant)
    services.redaction_delete(redaction=redaction)
    messages.success(request, _("The part is shown again."))
    return redirect("analysis:redact_diary", slug=slug, code=code)
