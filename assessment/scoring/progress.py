"""Progress to date: how much of the way to a profile's targets was covered since the last
assessment of the same organisation.

Per target: (now - before) / (target - before), where `before` was short of the target;
1 means the target is now reached, 0 no change, a negative figure ground lost. It is
capped at 1 (overshooting a target is still 1) and has no value for a target that was
already met before (there was no way left to cover). Overall: the same formula on the
profile's percent of the way to target, (percent now - percent before) /
(1 - percent before), the share of the remaining distance covered.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.questionnaire.targets import TargetTier

from .benchmark import TargetComparison, TargetGap


def progress_between(before: float, now: float, target: float) -> float | None:
    """(now - before) / (target - before), capped at 1; None when `before` met the target."""
    if before >= target:
        return None
    return min(1.0, (now - before) / (target - before))


@dataclass(frozen=True)
class TargetProgress:
    """One target's figure before and now, and the progress between them."""

    ref: str
    tier: TargetTier
    target: float
    before: float | None  # None when the target did not apply before
    now: float
    progress: float | None  # None when not comparable or already met before

    @property
    def status(self) -> str:
        """'not comparable', 'already met', 'reached', 'progressing', 'no change' or 'lost ground'."""
        if self.before is None:
            return "not comparable"
        if self.progress is None:
            return "already met"
        if self.progress >= 1:
            return "reached"
        if self.progress > 0:
            return "progressing"
        return "no change" if self.progress == 0 else "lost ground"

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "id": self.ref,
            "tier": self.tier.value,
            "target": self.target,
            "before": self.before,
            "now": self.now,
            "progress": self.progress,
            "status": self.status,
        }


@dataclass(frozen=True)
class Progress:
    """Progress to date against one profile, per target and overall."""

    profile: str
    title: str
    percent_before: float
    percent_now: float
    targets: tuple[TargetProgress, ...]

    @property
    def overall(self) -> float | None:
        """The share of the remaining distance to the profile covered; None if it was met."""
        return progress_between(self.percent_before, self.percent_now, 1.0)

    def of(self, ref: str) -> TargetProgress | None:
        """The progress of the target on `ref`."""
        return next((t for t in self.targets if t.ref == ref), None)

    def to_dict(self) -> dict:
        """Plain JSON-friendly form."""
        return {
            "profile": self.profile,
            "title": self.title,
            "percent_before": self.percent_before,
            "percent_now": self.percent_now,
            "overall": self.overall,
            "targets": [t.to_dict() for t in self.targets],
        }


def progress_to_date(before: TargetComparison, now: TargetComparison) -> Progress:
    """Progress from one comparison with a profile to a later one with the same profile."""
    if before.profile != now.profile:
        raise ValueError(f"cannot measure progress from profile {before.profile} to {now.profile}")
    earlier = {gap.ref: gap for gap in before.gaps}
    return Progress(
        profile=now.profile,
        title=now.title,
        percent_before=before.percent_to_target,
        percent_now=now.percent_to_target,
        targets=tuple(_target_progress(earlier.get(gap.ref), gap) for gap in now.gaps),
    )


def _target_progress(before: TargetGap | None, now: TargetGap) -> TargetProgress:
    """One target's progress; not comparable when it did not apply before."""
    if before is None or before.by_level != now.by_level:
        return TargetProgress(now.ref, now.tier, now.target, None, now.compared, None)
    progress = progress_between(before.compared, now.compared, now.target)
    return TargetProgress(now.ref, now.tier, now.target, before.compared, now.compared, progress)
