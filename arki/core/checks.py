"""System checks of the tool contract, run by `arki check` (and so by `make lint` and CI).

The registry accepts tools one at a time, in INSTALLED_APPS order, so it cannot tell that a
tool's requirement is missing or that two tools offer the same capability; these checks look
at every registered manifest at once. Each finding names the tool and says what to do.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from .process_templates import TEMPLATES, activity_tool
from .registry import ToolRegistry, registry


def required_tools(tools: ToolRegistry) -> list[Error]:
    errors = []
    for tool in tools.tools():
        for name in tool.requires:
            if not tools.is_installed(name):
                errors.append(
                    Error(
                        f"The {tool.name!r} tool requires the {name!r} tool, which is not "
                        "installed.",
                        hint=f"Add {name} to ARKI_TOOLS, or remove {tool.name}.",
                        id="arki.E001",
                    )
                )
    return errors


def capabilities_provided_once(tools: ToolRegistry) -> list[Error]:
    names = sorted({name for tool in tools.tools() for name in tool.provides})
    errors = []
    for name in names:
        providers = tools.providers(name)
        if len(providers) > 1:
            errors.append(
                Error(
                    f"The capability {name!r} is provided by {len(providers)} tools: "
                    f"{', '.join(providers)}.",
                    hint="Exactly one installed tool may provide a capability.",
                    id="arki.E002",
                )
            )
    return errors


def template_activities_registered(tools: ToolRegistry, templates=None) -> list[Error]:
    """A template's activity must exist once the tool it belongs to is installed.

    Keys of tools that are not installed are planned methods and pass (the workshop screen
    says which tool they need); a key whose tool is installed but does not register it would
    silently never run, so it is an error.
    """
    registered = {activity.key for activity in tools.activities()}
    errors = []
    for template in (TEMPLATES if templates is None else templates).values():
        for key in template.activity_keys():
            owner = activity_tool(key)
            if tools.is_installed(owner) and key not in registered:
                errors.append(
                    Error(
                        f"The process template {template.key!r} names the activity {key!r}, "
                        f"but the installed {owner!r} tool registers no such activity.",
                        hint=f"Register {key!r} in the {owner} manifest's activities, or "
                        "correct the key in arki/core/process_templates.py.",
                        id="arki.E003",
                    )
                )
    return errors


def activities_in_own_namespace(tools: ToolRegistry) -> list[Error]:
    """An activity key starts with its tool's name, which is how templates name the owner."""
    errors = []
    for tool in tools.tools():
        for activity in tool.activities:
            if activity_tool(activity.key) != tool.name:
                errors.append(
                    Error(
                        f"The {tool.name!r} tool registers the activity {activity.key!r} "
                        f"outside its namespace.",
                        hint=f"Name it {tool.name}.<activity>.",
                        id="arki.E004",
                    )
                )
    return errors


def settings_defined(tools: ToolRegistry) -> list[Error]:
    """A setting a manifest says the tool reads exists (a renamed setting is caught here)."""
    from django.conf import settings

    return [
        Error(
            f"The {tool.name!r} tool reads the setting {name}, which is not defined.",
            hint="Define it in config/settings/base.py or correct the manifest's `settings`.",
            id="arki.E005",
        )
        for tool in tools.tools()
        for name in tool.settings
        if not hasattr(settings, name)
    ]


@register("arki")
def tool_contract(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """`arki check`: every installed tool's manifest keeps the contract with the others."""
    return [
        *required_tools(registry),
        *capabilities_provided_once(registry),
        *template_activities_registered(registry),
        *activities_in_own_namespace(registry),
        *settings_defined(registry),
    ]
