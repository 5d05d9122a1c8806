"""Surveys in rounds: short questionnaires answered by the same pseudonymous respondents at the
baseline and at each follow-up, so that change can be measured per person (issue #18 item 2)."""
