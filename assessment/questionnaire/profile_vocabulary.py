"""The words an organisation profile is made of, shared by forms, cohorts and reports.

Each list is (id, label). Ids are stored; labels are shown. Peer cohorts filter on the
ids, so they must stay stable.
"""

INDUSTRIES = (
    ("financial-services", "Financial services"),
    ("insurance", "Insurance"),
    ("healthcare", "Healthcare and life sciences"),
    ("public-sector", "Public sector"),
    ("retail", "Retail and consumer goods"),
    ("manufacturing", "Manufacturing"),
    ("energy", "Energy and utilities"),
    ("telecom-media", "Telecommunications and media"),
    ("technology", "Technology and software"),
    ("professional-services", "Professional services"),
    ("transport", "Transport and logistics"),
    ("education", "Education"),
    ("other", "Other"),
)

SIZE_BANDS = (
    ("1-249", "Fewer than 250 employees"),
    ("250-999", "250 to 999 employees"),
    ("1000-4999", "1,000 to 4,999 employees"),
    ("5000-19999", "5,000 to 19,999 employees"),
    ("20000+", "20,000 employees or more"),
)

REGIONS = (
    ("europe", "Europe"),
    ("north-america", "North America"),
    ("latin-america", "Latin America"),
    ("middle-east-africa", "Middle East and Africa"),
    ("asia-pacific", "Asia-Pacific"),
)

AI_STAGES = (
    ("exploring", "Exploring: no AI system in use yet"),
    ("piloting", "Piloting: pilots with real users, nothing in production"),
    ("first-production", "First systems in production"),
    ("scaling", "Scaling: several teams run AI systems in production"),
)


def label_of(choices: tuple[tuple[str, str], ...], value: str | None) -> str:
    """The label for a stored id ('' when unknown or empty)."""
    return dict(choices).get(value or "", "")
