"""The leadership dashboard: one page that says whether the plan is on track, for the whole district or one
unit. It reads every app, so it sits at the top of the house (CONVENTIONS.md, "Layout")."""
