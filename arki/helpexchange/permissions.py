"""The help exchange's permission actions (registered from AppConfig.ready())."""

from arki.core.enums import Role
from arki.core.permissions import register_action

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


def register() -> None:
    for action, roles in ACTIONS.items():
        register_action(action, roles)
