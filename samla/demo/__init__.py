"""The demo: the real pilot loaded through each app's public services, in order (``samla demo load``).

One module per part, each calling the services of its app only: ``calls`` (the 2019 call round from call to
decision, and an open demo round), ``evaluation`` (the reflection-form waves with illustrative answers),
``followup`` (the 12 municipalities' follow-up). ``management/commands/load_demo.py`` runs the steps in order:
reference data → the pilot programme → demo users → the call round → the pilot's locked allocation run and award
letters → the reflection forms → the follow-up. Every step is idempotent, and none of the apps imports this package.
"""
