"""Follow-up: the municipality's project after the award letter (organisation, baseline analysis, measures, the
cooperation process, yearly reports of the money) and the overviews the directorate, county governors,
competence centres and the evaluator read (docs/followup.md)."""
