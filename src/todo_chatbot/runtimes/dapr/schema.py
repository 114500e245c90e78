"""Our PostgreSQL schema, created and migrated through the binding.

Every service runs :func:`migrate` when it starts; an advisory lock makes the
first one do the work and the others wait for it, and each migration runs
once (``todo_schema_versions``).

The tables mirror the embedded runtime's: tasks with their stored JSON
representation and the keys lists sort on, the outbox, the record of handled
events, the audit trail, dead letters. Keyword search is a generated
``tsvector``: word stems without stop words ("invoices" finds "invoice", "the"
is a word like any other) and the folded words themselves (for the word
still being typed), accents removed from both.

An audit entry or notification whose user is gone (an event still on its way
when the account was deleted) is not recorded.

``todo_apply`` applies one unit of work (a JSON array of operations) in one
statement, so a change and its events commit together: a task updated by
someone else since it was read raises SQLSTATE 40001 and nothing is written.
"""

from __future__ import annotations

from typing import Final

from todo_chatbot.runtimes.dapr.sql import SqlBinding

MIGRATIONS: Final[list[str]] = [
    # 1: users, tasks, keyword search, outbox, handled events, audit, dead letters.
    r"""
    CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE EXTENSION IF NOT EXISTS btree_gin;

    CREATE TEXT SEARCH DICTIONARY todo_english_stem (TEMPLATE = snowball, LANGUAGE = english);
    CREATE TEXT SEARCH CONFIGURATION todo_stems (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION todo_stems
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
        WITH unaccent, todo_english_stem;
    CREATE TEXT SEARCH CONFIGURATION todo_words (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION todo_words
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
        WITH unaccent, simple;

    CREATE TABLE users (
        id text PRIMARY KEY,
        email text NOT NULL UNIQUE,
        name text,
        timezone text NOT NULL,
        password_hash text NOT NULL,
        created_at bigint NOT NULL
    );

    -- Times are epoch milliseconds. due_at is the due instant, or for a
    -- date-only due (due_date set) the start of that date in the owner's zone.
    -- title_key orders titles: case-folded, without accents, compared bytewise.
    -- view is the task's JSON representation in the owner's zone.
    CREATE TYPE todo_task_fields AS (
        id text,
        user_id text,
        title text,
        title_key text,
        description text,
        status smallint,
        priority smallint,
        tags text[],
        due_date text,
        due_at bigint,
        remind_at bigint,
        recurrence text,
        series_id text,
        series_anchor text,
        occurrence integer,
        created_at bigint,
        updated_at bigint,
        completed_at bigint,
        version integer,
        view text
    );
    CREATE TABLE tasks (
        pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        user_id text NOT NULL,
        title text NOT NULL,
        title_key text COLLATE "C" NOT NULL,
        description text,
        status smallint NOT NULL,
        priority smallint,
        tags text[] NOT NULL DEFAULT '{}',
        due_date text,
        due_at bigint,
        remind_at bigint,
        recurrence text,
        series_id text,
        series_anchor text,
        occurrence integer,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        completed_at bigint,
        version integer NOT NULL,
        view text NOT NULL,
        search tsvector GENERATED ALWAYS AS (
            to_tsvector('todo_stems'::regconfig, title || ' ' || coalesce(description, ''))
            || to_tsvector('todo_words'::regconfig, title || ' ' || coalesce(description, ''))
        ) STORED
    );
    CREATE INDEX tasks_by_status ON tasks (user_id, status, pk);
    CREATE INDEX tasks_by_due ON tasks (user_id, status, due_at, pk);
    CREATE INDEX tasks_by_priority ON tasks (user_id, status, priority, pk);
    CREATE INDEX tasks_by_title ON tasks (user_id, status, title_key, pk);
    -- Lists sorted by due date or priority end with the tasks that have none.
    CREATE INDEX tasks_without_due ON tasks (user_id, status, pk) WHERE due_at IS NULL;
    CREATE INDEX tasks_without_priority ON tasks (user_id, status, pk) WHERE priority IS NULL;
    CREATE INDEX tasks_by_tags ON tasks USING gin (user_id, tags);
    CREATE INDEX tasks_by_words ON tasks USING gin (user_id, search);
    CREATE UNIQUE INDEX tasks_series_occurrence ON tasks (series_id, occurrence)
        WHERE series_id IS NOT NULL AND occurrence IS NOT NULL;

    -- The transactional outbox: events commit with the change that made them,
    -- and the relay publishes them in seq order, then deletes them.
    CREATE TABLE outbox (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        topic text NOT NULL,
        event_id text NOT NULL UNIQUE,
        type text NOT NULL,
        partition_key text NOT NULL,
        body text NOT NULL,
        created_at bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0
    );

    CREATE TABLE processed_events (
        consumer text NOT NULL,
        event_id text NOT NULL,
        processed_at bigint NOT NULL,
        PRIMARY KEY (consumer, event_id)
    );

    -- sequence: the event's outbox position (commit order); entries arrive in
    -- that order per task only, so the trail is listed by it, not by id.
    CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        sequence bigint NOT NULL,
        event_id text NOT NULL UNIQUE,
        user_id text NOT NULL,
        task_id text NOT NULL,
        event_type text NOT NULL,
        occurred_at bigint NOT NULL,
        actor text NOT NULL,
        data text NOT NULL,
        recorded_at bigint NOT NULL
    );
    CREATE INDEX audit_by_user ON audit_log (user_id, sequence);
    CREATE INDEX audit_by_task ON audit_log (user_id, task_id, sequence);

    CREATE TABLE notifications (
        id text PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        user_id text NOT NULL,
        kind text NOT NULL,
        task_id text,
        title text NOT NULL,
        message text NOT NULL,
        created_at bigint NOT NULL,
        read_at bigint
    );
    CREATE INDEX notifications_by_user ON notifications (user_id, created_at);

    CREATE TABLE dead_letters (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        consumer text NOT NULL,
        topic text NOT NULL,
        event_id text NOT NULL,
        body text NOT NULL,
        error text NOT NULL,
        failed_at bigint NOT NULL,
        UNIQUE (consumer, event_id)
    );

    """,
    # 2: chat conversations, their messages and the state between messages.
    r"""
    -- turn grows by one on every write; state (JSON) holds the pending
    -- question. A message's place is (turn, position): the turn that wrote it.
    CREATE TABLE conversations (
        id text PRIMARY KEY,
        user_id text NOT NULL,
        title text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        turn integer NOT NULL,
        state text NOT NULL
    );
    CREATE INDEX conversations_by_user ON conversations (user_id, updated_at);
    CREATE TABLE conversation_messages (
        conversation_id text NOT NULL,
        turn integer NOT NULL,
        position integer NOT NULL,
        role text NOT NULL,
        content text NOT NULL,
        actions text NOT NULL,
        created_at bigint NOT NULL,
        PRIMARY KEY (conversation_id, turn, position)
    );
    """,
    # 3: a reminder relative to the due.
    """
    ALTER TABLE tasks ADD COLUMN remind_before_minutes integer;
    ALTER TYPE todo_task_fields ADD ATTRIBUTE remind_before_minutes integer;
    """,
    # 4: notifications late or snoozed, and their event's place in commit order
    # (what live clients know them by, and ask for again after a reconnection).
    """
    ALTER TABLE notifications ADD COLUMN late boolean NOT NULL DEFAULT false;
    ALTER TABLE notifications ADD COLUMN sequence bigint;
    ALTER TABLE notifications ADD COLUMN snoozed_until bigint;
    CREATE INDEX notifications_by_sequence ON notifications (user_id, sequence);
    DROP INDEX notifications_by_user;
    CREATE INDEX notifications_by_user ON notifications (user_id, created_at, id);
    """,
    # 5: idempotency keys: a request's claim on its key, then its first answer
    # (status NULL while it runs).
    """
    CREATE TABLE idempotency_keys (
        user_id text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        token text NOT NULL,
        locked_until bigint NOT NULL,
        expires_at bigint NOT NULL,
        status integer,
        headers text,
        body text,
        PRIMARY KEY (user_id, key)
    );
    CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);
    """,
    # 6: sessions that end (a password change moves session_version on; signing out
    # revokes one token), and attempts counted per key and window (the limits on
    # sign-in).
    """
    ALTER TABLE users ADD COLUMN session_version integer NOT NULL DEFAULT 0;
    CREATE TABLE revoked_tokens (
        token_id text PRIMARY KEY,
        user_id text NOT NULL,
        expires_at bigint NOT NULL
    );
    CREATE INDEX revoked_tokens_by_user ON revoked_tokens (user_id);
    CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens (expires_at);
    CREATE TABLE attempts (
        key text NOT NULL,
        period bigint NOT NULL,
        count integer NOT NULL,
        ends_at bigint NOT NULL,
        PRIMARY KEY (key, period)
    );
    """,
    # 7: each consumer's events published and not handled yet (its lag), stamped with
    # the database's clock when the relay published them.
    """
    CREATE TABLE unhandled_events (
        consumer text NOT NULL,
        seq bigint NOT NULL,
        event_id text NOT NULL,
        published_at bigint NOT NULL,
        PRIMARY KEY (consumer, seq)
    );
    CREATE INDEX unhandled_events_by_id ON unhandled_events (consumer, event_id);
    """,
    # 8: the W3C trace context (traceparent) of the request or event that caused each
    # event, NULL when it was not traced; the relay publishes the event in it.
    """
    ALTER TABLE outbox ADD COLUMN traceparent text;
    """,
    # 9: what a recurring task's next occurrence is counted from ('due' or 'completion'),
    # and the stored views show it (and no skipped dates, which were not recorded).
    """
    ALTER TABLE tasks ADD COLUMN repeat_from text NOT NULL DEFAULT 'due';
    UPDATE tasks SET view = (view::jsonb || jsonb_build_object(
        'repeat_from', CASE WHEN recurrence IS NULL THEN NULL ELSE 'due' END,
        'skipped_occurrences', '[]'::jsonb))::text;
    """,
]

FUNCTIONS: Final = """
-- A task's view shows its owner's zone: a write rendered in a zone the
-- owner has since left must be done again (and so must a change of zone
-- that missed a task created meanwhile).
CREATE OR REPLACE FUNCTION todo_check_zone(owner text, rendered_in text) RETURNS void
LANGUAGE plpgsql AS $check$
BEGIN
    PERFORM 1 FROM users WHERE id = owner AND timezone = rendered_in FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the zone of user % changed', owner USING ERRCODE = '40001';
    END IF;
END
$check$;

CREATE OR REPLACE FUNCTION todo_apply(operations jsonb) RETURNS void LANGUAGE plpgsql AS $apply$
DECLARE
    operation jsonb;
    changed integer;
BEGIN
    FOR operation IN SELECT value FROM jsonb_array_elements(operations) LOOP
        CASE operation->>'op'
        WHEN 'insert_user' THEN
            INSERT INTO users (id, email, name, timezone, password_hash, created_at)
            SELECT r.id, r.email, r.name, r.timezone, r.password_hash, r.created_at
            FROM jsonb_populate_record(NULL::users, operation->'row') AS r;
        WHEN 'update_user' THEN
            -- Only the fields the operation names (those its unit changed).
            UPDATE users SET
                name = CASE WHEN operation ? 'name' THEN operation->>'name' ELSE name END,
                timezone = COALESCE(operation->>'timezone', timezone),
                password_hash = COALESCE(operation->>'password_hash', password_hash),
                session_version = COALESCE((operation->>'session_version')::integer,
                    session_version)
            WHERE id = operation->>'id';
        WHEN 'revoke_token' THEN
            INSERT INTO revoked_tokens (token_id, user_id, expires_at)
            VALUES (operation->>'token_id', operation->>'id',
                (operation->>'expires_at')::bigint)
            ON CONFLICT (token_id) DO NOTHING;
        WHEN 'remove_user' THEN
            -- Locked first: a unit adding a task (FOR SHARE on its user) either
            -- commits before, and its task is deleted here, or finds no user after.
            PERFORM 1 FROM users WHERE id = operation->>'id' FOR UPDATE;
            DELETE FROM tasks WHERE user_id = operation->>'id';
            DELETE FROM audit_log WHERE user_id = operation->>'id';
            DELETE FROM notifications WHERE user_id = operation->>'id';
            DELETE FROM conversation_messages WHERE conversation_id IN
                (SELECT id FROM conversations WHERE user_id = operation->>'id');
            DELETE FROM conversations WHERE user_id = operation->>'id';
            DELETE FROM revoked_tokens WHERE user_id = operation->>'id';
            DELETE FROM idempotency_keys WHERE user_id = operation->>'id';
            DELETE FROM users WHERE id = operation->>'id';
        WHEN 'check_no_tasks_after' THEN
            PERFORM 1 FROM tasks WHERE user_id = operation->>'user_id'
                AND pk > (operation->>'pk')::bigint;
            IF FOUND THEN
                RAISE EXCEPTION 'user % has new tasks', operation->>'user_id'
                    USING ERRCODE = '40001';
            END IF;
        WHEN 'insert_task' THEN
            PERFORM todo_check_zone(operation->'row'->>'user_id', operation->>'timezone');
            INSERT INTO tasks (id, user_id, title, title_key, description, status,
                priority, tags, due_date, due_at, remind_at, recurrence, series_id,
                series_anchor, occurrence, created_at, updated_at, completed_at,
                version, view, remind_before_minutes, repeat_from)
            -- repeat_from is read from the row itself, not through todo_task_fields: the
            -- functions of the release before it (an old pod during a rolling upgrade, or
            -- after a rollback) still match the type, and a row without it repeats from
            -- its due.
            SELECT r.id, r.user_id, r.title, r.title_key, r.description, r.status,
                r.priority, r.tags, r.due_date, r.due_at, r.remind_at, r.recurrence,
                r.series_id, r.series_anchor, r.occurrence, r.created_at, r.updated_at,
                r.completed_at, r.version, r.view, r.remind_before_minutes,
                COALESCE(operation->'row'->>'repeat_from', 'due')
            FROM jsonb_populate_record(NULL::todo_task_fields, operation->'row') AS r;
        WHEN 'update_task' THEN
            PERFORM todo_check_zone(operation->'row'->>'user_id', operation->>'timezone');
            UPDATE tasks SET (title, title_key, description, status, priority, tags,
                due_date, due_at, remind_at, remind_before_minutes, recurrence, series_id,
                series_anchor, occurrence, updated_at, completed_at, version, view, repeat_from)
            = (SELECT r.title, r.title_key, r.description, r.status, r.priority, r.tags,
                r.due_date, r.due_at, r.remind_at, r.remind_before_minutes, r.recurrence,
                r.series_id, r.series_anchor, r.occurrence, r.updated_at, r.completed_at,
                r.version, r.view, COALESCE(operation->'row'->>'repeat_from', 'due')
               FROM jsonb_populate_record(NULL::todo_task_fields, operation->'row') AS r)
            WHERE id = operation->'row'->>'id'
                AND version = (operation->>'expected_version')::integer;
            GET DIAGNOSTICS changed = ROW_COUNT;
            IF changed <> 1 THEN
                RAISE EXCEPTION 'task % changed since it was read', operation->'row'->>'id'
                    USING ERRCODE = '40001';
            END IF;
        WHEN 'rerender_task' THEN
            UPDATE tasks SET due_at = (operation->>'due_at')::bigint,
                view = operation->>'view'
            WHERE id = operation->>'id'
                AND version = (operation->>'expected_version')::integer;
            GET DIAGNOSTICS changed = ROW_COUNT;
            IF changed <> 1 THEN
                RAISE EXCEPTION 'task % changed since it was read', operation->>'id'
                    USING ERRCODE = '40001';
            END IF;
        WHEN 'delete_task' THEN
            DELETE FROM tasks WHERE id = operation->>'id'
                AND version = (operation->>'expected_version')::integer;
            GET DIAGNOSTICS changed = ROW_COUNT;
            IF changed <> 1 THEN
                RAISE EXCEPTION 'task % changed since it was read', operation->>'id'
                    USING ERRCODE = '40001';
            END IF;
        WHEN 'claim' THEN
            INSERT INTO processed_events (consumer, event_id, processed_at)
            VALUES (operation->>'consumer', operation->>'event_id',
                (operation->>'at')::bigint);
        WHEN 'record_audit' THEN
            INSERT INTO audit_log (sequence, event_id, user_id, task_id, event_type,
                occurred_at, actor, data, recorded_at)
            SELECT r.sequence, r.event_id, r.user_id, r.task_id, r.event_type,
                r.occurred_at, r.actor, r.data, r.recorded_at
            FROM jsonb_populate_record(NULL::audit_log, operation->'row') AS r
            WHERE EXISTS (SELECT 1 FROM users WHERE id = r.user_id)
            ON CONFLICT (event_id) DO NOTHING;
        WHEN 'record_notification' THEN
            INSERT INTO notifications (id, event_id, user_id, kind, task_id, title, message,
                created_at, read_at, late, sequence, snoozed_until)
            SELECT r.id, r.event_id, r.user_id, r.kind, r.task_id, r.title, r.message,
                r.created_at, r.read_at, r.late, r.sequence, r.snoozed_until
            FROM jsonb_populate_record(NULL::notifications, operation->'row') AS r
            WHERE EXISTS (SELECT 1 FROM users WHERE id = r.user_id)
            ON CONFLICT (event_id) DO NOTHING;
        WHEN 'answer_idempotency_key' THEN
            UPDATE idempotency_keys SET status = (operation->>'status')::integer,
                headers = operation->>'headers', body = operation->>'body'
            WHERE user_id = operation->>'user_id' AND key = operation->>'key'
                AND token = operation->>'token' AND status IS NULL;
            GET DIAGNOSTICS changed = ROW_COUNT;
            IF changed <> 1 THEN
                RAISE EXCEPTION 'idempotency key % was taken over', operation->>'key'
                    USING ERRCODE = 'TDK01';
            END IF;
        WHEN 'publish' THEN
            INSERT INTO outbox (topic, event_id, type, partition_key, body, created_at,
                traceparent)
            SELECT r.topic, r.event_id, r.type, r.partition_key, r.body, r.created_at,
                r.traceparent
            FROM jsonb_populate_record(NULL::outbox, operation->'row') AS r;
        ELSE
            RAISE EXCEPTION 'unknown operation %', operation->>'op';
        END CASE;
    END LOOP;
END
$apply$;
"""
"""The functions every write goes through, replaced on every migration so that they
always name today's columns (a migration that adds a column changes them here)."""


_LOCK_KEY: Final = 7_461_626_964
"""The advisory lock held while migrating (any number unique to this schema)."""


def migration_script(migrations: list[str], functions: str = "") -> str:
    """One statement that applies the migrations not yet applied, then (re)defines the
    functions, under the lock, unless the database is of a newer release than these."""
    steps = "\n".join(
        f"""
        IF NOT EXISTS (SELECT 1 FROM todo_schema_versions WHERE version = {number}) THEN
            EXECUTE {_dollar_quoted(sql, number)};
            INSERT INTO todo_schema_versions (version) VALUES ({number});
        END IF;"""
        for number, sql in enumerate(migrations, start=1)
    )
    # A release older than the schema (a pod of the previous release during a rolling
    # upgrade, or after a rollback) must not put back functions that name fewer columns.
    define = (
        f"""IF (SELECT max(version) FROM todo_schema_versions) <= {len(migrations)} THEN
            EXECUTE {_dollar_quoted(functions, 0)};
        END IF;"""
        if functions
        else ""
    )
    return f"""
    DO $migrate$
    BEGIN
        PERFORM pg_advisory_xact_lock({_LOCK_KEY});
        CREATE TABLE IF NOT EXISTS todo_schema_versions (
            version integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        {steps}
        {define}
    END
    $migrate$;
    """


def _dollar_quoted(sql: str, number: int) -> str:
    tag = f"$migration{number}$"
    if tag in sql:
        raise ValueError(f"migration {number} contains its own quote {tag}")
    return f"{tag}{sql}{tag}"


async def migrate(binding: SqlBinding) -> None:
    """Bring the schema up to date (safe to run from every service at once)."""
    await binding.execute(migration_script(MIGRATIONS, FUNCTIONS))
