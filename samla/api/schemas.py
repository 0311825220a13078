"""Request and response bodies of the API (pydantic models through django-ninja). Money is integer NOK."""


import datetime

from ninja import Field, Schema


class Error(Schema):
    detail: str = Field(description="What went wrong, in the request's language (bokmål by default).")
    code: str = Field("", description="A stable machine-readable code, e.g. stale_version.")


class FieldError(Schema):
    loc: list[str]
    msg: str
    type: str


class ValidationErrors(Schema):
    detail: list[FieldError]


class Me(Schema):
    username: str
    roles: list[str] = Field(description="Role codes, each with its scope: national, region:<code> or "
                                        "municipality:<number>.")


class Region(Schema):
    code: str
    name: str


class Municipality(Schema):
    number: str
    name: str


class Round(Schema):
    status: str = Field(description="draft, open or closed")
    regions: list[Region]
    max_per_region: int
    population_year: int


class Programme(Schema):
    slug: str
    name: str
    description: str
    first_year: int
    last_year: int
    round: Round | None = Field(None, description="The programme round, for those who may read it "
                                                  "(national roles and the county governors of its regions).")


class Criterion(Schema):
    position: int
    title: str


class Call(Schema):
    id: int
    programme: str = Field(description="The programme's slug.")
    region: Region
    case_number: str
    text: str
    criteria: list[Criterion]
    preliminary_deadline: datetime.datetime
    final_deadline: datetime.datetime
    published_at: datetime.datetime


class Contact(Schema):
    name: str = Field(max_length=200)
    role: str = Field(max_length=200)
    email: str = Field(max_length=254)


class PoliticalDecision(Schema):
    body: str
    decided_on: datetime.date
    case_reference: str


class ApplicationContent(Schema):
    version: int = Field(description="Send it back when saving or submitting; a newer version gives 409.")
    development_work: str
    measures: str
    challenge_picture: str
    self_assessment: str
    contacts: list[Contact]
    political_decision: PoliticalDecision | None


class Application(Schema):
    id: int
    call: int
    programme: str
    region: Region
    municipality: Municipality
    status: str = Field(description="draft or submitted")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    submitted_at: datetime.datetime | None
    has_political_decision: bool
    content: ApplicationContent | None = Field(
        None, description="Text, contacts and version: only for the municipality itself, the region's county "
                          "governor and resource group, and the directorate. Null for everyone else.")


NO_CHILD_DATA_HELP = "Do not enter personal data about children."


class ApplicationSave(Schema):
    version: int = Field(ge=1, description="The version you read.")
    development_work: str | None = Field(None, description=NO_CHILD_DATA_HELP)
    measures: str | None = Field(None, description=NO_CHILD_DATA_HELP)
    challenge_picture: str | None = Field(None, description=NO_CHILD_DATA_HELP)
    self_assessment: str | None = Field(None, description=NO_CHILD_DATA_HELP)
    contacts: list[Contact] | None = Field(None, description="If given, replaces the list (work contacts of "
                                                             "adults only).")


class ApplicationCreate(Schema):
    call: int
    municipality: str | None = Field(None, description="Municipality number; needed only if you act for "
                                                       "more than one municipality.")


class ApplicationSubmit(Schema):
    version: int = Field(ge=1)


class SelectedApplication(Schema):
    application: int
    municipality: Municipality
    region: Region


class Override(Schema):
    code: str
    subject: str
    reason: str


class SelectionDecision(Schema):
    id: int
    programme: str
    decided_at: datetime.datetime
    note: str
    selected: list[SelectedApplication]
    overrides: list[Override]


class Draw(Schema):
    id: int
    programme: str
    region: Region | None
    seed: str = Field(description="The seed as decimal text (it may exceed 2^53, beyond exact JSON numbers "
                                  "in JavaScript).")
    per_stratum: int
    candidates: dict[str, int] = Field(description="Municipality number → population.")
    result: dict[str, list[str]] = Field(description="Size band → municipality numbers drawn.")
    drawn_at: datetime.datetime


class ExplanationPart(Schema):
    code: str
    label: str
    value: str = Field(description="Exact value in NOK as a fraction or integer text, e.g. \"1790000\".")
    detail: str


class Factor(Schema):
    name: str
    value: str


class Explanation(Schema):
    rule: str
    parts: list[ExplanationPart]
    factors: list[Factor]
    steps: list[str]


class AllocationRow(Schema):
    municipality: Municipality
    region: str
    year: int
    amount: int = Field(description="Integer NOK, as decided in the programme's locked allocation run.")
    run: int = Field(description="Number of the locked allocation run the amount comes from.")
    result_sha256: str = Field(description="SHA-256 of that run's stored result.")
    explanation: Explanation | None = None
