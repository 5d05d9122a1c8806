"""The help exchange's permission actions; its manifest carries them to the registry."""

from arki.core.enums import Role

ACTIONS = {
    # Figures and the staff overview.
    "helpexchange.view": {
        Role.COORDINATOR,
        Role.FACILITATOR,
        Role.PLANNING,
        Role.CONTACT,
        Role.ANALYST,
        Role.DECISION_MAKER,
        Role.ADMIN,
    },
    # Requests, volunteers, matching, feedback by phone, events, certificates: per municipality.
    "helpexchange.coordinate": {Role.COORDINATOR, Role.FACILITATOR, Role.ADMIN},
    # A volunteer's own page: open requests near them and their tasks.
    "helpexchange.volunteer": {Role.VOLUNTEER},
}
