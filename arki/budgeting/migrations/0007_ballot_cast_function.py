"""The voucher ballot's ledger write as one PostgreSQL function, `budgeting_ballot_cast`.

Every phone's ballot runs it (`arki.budgeting.services.ballot_cast`); on SQLite the same
steps run as statements from Python (`_ballot_cast_statements`), and a property test on
PostgreSQL proves the two leave the same rows. A later change to `VoucherAccount` or
`Allocation` that the ballot writes must replace this function in a new migration.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION budgeting_ballot_cast(
    p_round bigint,
    p_seat bigint,
    p_session bigint,
    p_session_open boolean,
    p_kind varchar,
    p_open_state varchar,
    p_items bigint[],
    p_votes integer[],
    p_abstain boolean,
    p_channel varchar,
    p_entered_by bigint,
    p_now timestamptz
) RETURNS TABLE (o_new boolean, o_account budgeting_voucheraccount)
LANGUAGE plpgsql AS $$
DECLARE
    v_account budgeting_voucheraccount;
    v_closed timestamptz;
    v_total integer := coalesce((SELECT sum(t.v) FROM unnest(p_votes) AS t(v)), 0);
    v_held integer;
    v_new boolean;
BEGIN
    -- The seat's account, created on first use; either way row-locked until commit.
    INSERT INTO budgeting_voucheraccount AS a (
        created_at, modified_at, round_id, seat_id, allowance, received, receive_limit,
        given, spent, channel
    )
    SELECT p_now, p_now, r.id, p_seat, r.vouchers_per_participant, 0, r.max_received,
        0, 0, p_channel
    FROM budgeting_budgetround r WHERE r.id = p_round
    ON CONFLICT (round_id, seat_id) DO UPDATE SET spent = a.spent
    RETURNING a.* INTO v_account;

    -- The round under a share lock (closing it waits for ballots in flight), then whether
    -- this session runs it right now.
    SELECT r.closed_at INTO v_closed
    FROM budgeting_budgetround r WHERE r.id = p_round FOR KEY SHARE;
    IF NOT FOUND OR v_closed IS NOT NULL THEN
        RAISE EXCEPTION 'budgeting_ballot_refused' USING DETAIL = 'closed';
    END IF;
    IF NOT p_session_open THEN
        RAISE EXCEPTION 'budgeting_ballot_refused' USING DETAIL = 'ended';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM core_sessionactivity s
        WHERE s.session_id = p_session AND s.kind = p_kind AND s.state = p_open_state
            AND s.config -> 'round' = to_jsonb(p_round)
    ) THEN
        RAISE EXCEPTION 'budgeting_ballot_refused' USING DETAIL = 'not_open';
    END IF;

    v_held := v_account.allowance + v_account.received - v_account.given;
    IF v_total > v_held THEN
        RAISE EXCEPTION 'budgeting_ballot_refused' USING DETAIL = 'overspent', HINT = v_held;
    END IF;
    v_new := v_account.cast_at IS NULL AND v_account.abstained_at IS NULL;

    DELETE FROM budgeting_allocation l
    WHERE l.account_id = v_account.id AND l.item_id <> ALL (p_items);
    INSERT INTO budgeting_allocation AS l (account_id, item_id, vouchers)
    SELECT v_account.id, t.item, t.votes FROM unnest(p_items, p_votes) AS t(item, votes)
    ON CONFLICT (account_id, item_id) DO UPDATE SET vouchers = excluded.vouchers;

    UPDATE budgeting_voucheraccount a SET
        spent = v_total,
        channel = p_channel,
        entered_by_id = p_entered_by,
        cast_at = CASE WHEN p_abstain THEN NULL ELSE coalesce(v_account.cast_at, p_now) END,
        abstained_at = CASE
            WHEN p_abstain THEN coalesce(v_account.abstained_at, p_now) ELSE NULL END,
        modified_at = p_now
    WHERE a.id = v_account.id
    RETURNING a.* INTO v_account;

    RETURN QUERY SELECT v_new, v_account;
END
$$;
"""

DROP = "DROP FUNCTION IF EXISTS budgeting_ballot_cast"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("budgeting", "0006_translations")]

    operations = [migrations.RunPython(create, drop)]
