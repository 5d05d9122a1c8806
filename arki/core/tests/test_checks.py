"""`arki check` enforces the tool contract: requirements, capabilities, template activities."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from arki.core.activities import Activity
from arki.core.checks import (
    activities_in_own_namespace,
    capabilities_provided_once,
    required_tools,
    settings_defined,
    template_activities_registered,
    tool_contract,
)
from arki.core.process_templates import KAINUU, ProcessTemplate, WorkshopTemplate
from arki.core.registry import ToolManifest, ToolRegistry, registry


def make_activity(key: str) -> type[Activity]:
    return type("Planned", (Activity,), {"key": key, "label": key})


def tools(*manifests: ToolManifest) -> ToolRegistry:
    made = ToolRegistry()
    made._tools = {m.name: m for m in manifests}  # no permission actions to register
    return made


def ids(errors) -> list[str]:
    return [error.id for error in errors]


def template(*keys: str) -> dict[str, ProcessTemplate]:
    workshop = WorkshopTemplate("T", "T", "T", "ideation", 0, (), keys, "", "")
    return {"t": ProcessTemplate(key="t", label="T", seasons=(), workshops=(workshop,))}


def test_the_installed_tools_keep_the_contract():
    assert tool_contract() == []
    call_command("check", fail_level="WARNING", stdout=StringIO())


def test_a_missing_required_tool_is_an_error():
    errors = required_tools(tools(ToolManifest(name="budgeting", label="B", requires=["insight"])))

    assert ids(errors) == ["arki.E001"]
    assert "'budgeting' tool requires the 'insight' tool" in errors[0].msg
    both = tools(
        ToolManifest(name="budgeting", label="B", requires=["insight"]),
        ToolManifest(name="insight", label="I"),
    )
    assert required_tools(both) == []


def test_a_capability_provided_twice_is_an_error():
    def read():
        return None

    errors = capabilities_provided_once(
        tools(
            ToolManifest(name="one", label="1", provides={"personas.of_people": read}),
            ToolManifest(name="two", label="2", provides={"personas.of_people": read}),
        )
    )

    assert ids(errors) == ["arki.E002"]
    assert "'personas.of_people' is provided by 2 tools: one, two" in errors[0].msg


def test_a_template_activity_of_an_installed_tool_must_be_registered():
    canvases = ToolManifest(
        name="canvases", label="C", activities=[make_activity("canvases.empathy_map")]
    )
    keys = template("canvases.empathy_map", "canvases.blueprint", "decisions.ideas")

    errors = template_activities_registered(tools(canvases), keys)

    # decisions is not installed: a planned method, no error; canvases is, and lacks one.
    assert ids(errors) == ["arki.E003"]
    assert "'canvases.blueprint'" in errors[0].msg
    assert template_activities_registered(tools(), keys) == []


def test_the_kainuu_template_only_names_planned_tools_beyond_the_installed_ones():
    owners = {key.split(".")[0] for key in KAINUU.activity_keys()}
    assert owners == {"insight", "canvases", "budgeting", "decisions", "impact"}
    assert template_activities_registered(registry) == []


def test_an_activity_outside_its_tool_namespace_is_an_error():
    errors = activities_in_own_namespace(
        tools(ToolManifest(name="canvases", label="C", activities=[make_activity("decisions.x")]))
    )
    assert ids(errors) == ["arki.E004"]


def test_a_setting_a_manifest_names_must_exist(settings):
    settings.ARKI_TEST_THRESHOLD = 3
    named = tools(ToolManifest(name="x", label="X", settings=["ARKI_TEST_THRESHOLD"]))
    assert settings_defined(named) == []

    del settings.ARKI_TEST_THRESHOLD
    assert ids(settings_defined(named)) == ["arki.E005"]


def test_arki_check_fails_when_the_contract_is_broken():
    registry.register(ToolManifest(name="testorphan", label="x", requires=["nosuchtool"]))
    try:
        with pytest.raises(SystemCheckError, match=r"arki\.E001"):
            call_command("check", stdout=StringIO(), stderr=StringIO())
    finally:
        registry.unregister("testorphan")


def test_manifest_actions_are_registered_and_removed_with_the_tool():
    from arki.core.permissions import ACTIONS

    registry.register(
        ToolManifest(name="testacts", label="x", actions={"testacts.view": ["admin"]})
    )
    try:
        assert ACTIONS["testacts.view"] == frozenset({"admin"})
    finally:
        registry.unregister("testacts")
    assert "testacts.view" not in ACTIONS


@pytest.mark.django_db
def test_the_workshop_screen_names_the_tool_a_planned_activity_needs(process, make_user):
    from django.test import Client

    from arki.core.enums import Role
    from arki.core.registry import registry

    client = Client()
    client.force_login(make_user(Role.FACILITATOR, process=process))
    # Workshop 4 plans the decisions tool's activities: in an installation without that tool
    # (unregistered here for the request) the screen names it; workshop 2's canvases exist.
    # The URLs are built (with every installed tool's) before the tool is taken away.
    offered = client.get(f"/en/staff/{process.slug}/workshops/2/").content.decode()
    installed = client.get(f"/en/staff/{process.slug}/workshops/4/").content.decode()
    decisions, order = registry.tool("decisions"), [tool.name for tool in registry.tools()]
    registry.unregister("decisions")
    try:
        planned = client.get(f"/en/staff/{process.slug}/workshops/4/").content.decode()
    finally:
        registry.register(decisions)
        # Back in its place, so later tests see the tools in the installed order.
        registry._tools = {name: registry.tool(name) for name in order}

    assert "Not available: needs the decisions tool" in planned
    assert "decisions.problems" not in planned
    assert "Not available" not in offered
    assert "Not available: needs the decisions tool" not in installed
