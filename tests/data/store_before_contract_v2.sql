-- A Tasklog store (schema __SCHEMA__) written through the HTTP API by the code at commit 10a7431,
-- before contract v2: three users' tasks with lower-case priorities in the read model, a
-- recurring series, a fired reminder. pg_dump --inserts; tests substitute their own schema.
--
-- PostgreSQL database dump
--

\restrict gHIuk5MkdEvkwxGEBPAK5fBhD4K8zUhEdnmpAiJUFxvJeq8IGjzhX0qd6GLKafI

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: __SCHEMA__; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA __SCHEMA__;


--
-- Name: stored_event_uuid; Type: TYPE; Schema: __SCHEMA__; Owner: -
--

CREATE TYPE __SCHEMA__.stored_event_uuid AS (
	originator_id uuid,
	originator_version bigint,
	topic text,
	state bytea
);


--
-- Name: es_insert_events_uuid(__SCHEMA__.stored_event_uuid[]); Type: FUNCTION; Schema: __SCHEMA__; Owner: -
--

CREATE FUNCTION __SCHEMA__.es_insert_events_uuid(events __SCHEMA__.stored_event_uuid[]) RETURNS SETOF bigint
    LANGUAGE plpgsql
    AS $$BEGIN    SET LOCAL lock_timeout = '0s';    NOTIFY "tasklog_events";    RETURN QUERY    INSERT INTO "__SCHEMA__"."tasklog_events" AS t (    originator_id, originator_version, topic, state)    SELECT originator_id, originator_version, topic, state    FROM unnest(events)    RETURNING notification_id;END;$$;


--
-- Name: tasklog_events_insert(uuid[], bigint[], text[], bytea[]); Type: FUNCTION; Schema: __SCHEMA__; Owner: -
--

CREATE FUNCTION __SCHEMA__.tasklog_events_insert(ids uuid[], versions bigint[], topics text[], states bytea[]) RETURNS SETOF bigint
    LANGUAGE plpgsql
    AS $$ BEGIN SET LOCAL lock_timeout = '0s'; LOCK TABLE "__SCHEMA__"."tasklog_events" IN EXCLUSIVE MODE; NOTIFY "tasklog_events"; RETURN QUERY INSERT INTO "__SCHEMA__"."tasklog_events" (originator_id, originator_version, topic, state) SELECT * FROM unnest(ids, versions, topics, states) RETURNING notification_id; END; $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: audit_owner_watermark; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.audit_owner_watermark (
    singleton boolean DEFAULT true NOT NULL,
    "position" bigint NOT NULL,
    CONSTRAINT audit_owner_watermark_singleton_check CHECK (singleton)
);


--
-- Name: audit_task_owners; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.audit_task_owners (
    task_id uuid NOT NULL,
    owner text,
    "position" bigint NOT NULL
);


--
-- Name: idempotency_keys; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.idempotency_keys (
    user_id text NOT NULL,
    key text NOT NULL,
    fingerprint bytea NOT NULL,
    claimed_at timestamp with time zone DEFAULT now() NOT NULL,
    status smallint,
    headers jsonb,
    body bytea,
    completed_at timestamp with time zone
);


--
-- Name: notifications_v1; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.notifications_v1 (
    id uuid NOT NULL,
    owner text NOT NULL,
    task_id uuid NOT NULL,
    fired_at timestamp with time zone NOT NULL,
    doc text NOT NULL
);


--
-- Name: notifications; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.notifications AS
 SELECT notifications_v1.id,
    notifications_v1.owner,
    notifications_v1.task_id,
    notifications_v1.fired_at,
    notifications_v1.doc
   FROM __SCHEMA__.notifications_v1;


--
-- Name: notifications_tasks_v1; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.notifications_tasks_v1 (
    id uuid NOT NULL,
    state text NOT NULL
);


--
-- Name: notifications_tasks; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.notifications_tasks AS
 SELECT notifications_tasks_v1.id,
    notifications_tasks_v1.state
   FROM __SCHEMA__.notifications_tasks_v1;


--
-- Name: notifications_v1_tracking; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.notifications_v1_tracking (
    application_name text NOT NULL,
    notification_id bigint
)
WITH (autovacuum_enabled='true', autovacuum_vacuum_threshold='100000000', autovacuum_vacuum_scale_factor='0.5', autovacuum_analyze_threshold='1000', autovacuum_analyze_scale_factor='0.01');


--
-- Name: notifications_tracking; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.notifications_tracking AS
 SELECT notifications_v1_tracking.application_name,
    notifications_v1_tracking.notification_id
   FROM __SCHEMA__.notifications_v1_tracking;


--
-- Name: projection_catalog; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.projection_catalog (
    name text NOT NULL,
    version integer NOT NULL,
    revision integer NOT NULL,
    rebuild_version integer,
    rebuild_revision integer,
    rebuild_started_at timestamp with time zone,
    swapped_at timestamp with time zone
);


--
-- Name: projection_dead_letters; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.projection_dead_letters (
    name text NOT NULL,
    version integer NOT NULL,
    "position" bigint NOT NULL,
    originator_id text,
    topic text,
    error text NOT NULL,
    attempts integer NOT NULL,
    parked_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: projection_secrets; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.projection_secrets (
    name text NOT NULL,
    value bytea NOT NULL
);


--
-- Name: projection_workers; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.projection_workers (
    name text NOT NULL,
    role text NOT NULL,
    holder text NOT NULL,
    heartbeat_at timestamp with time zone NOT NULL,
    state text NOT NULL,
    "position" bigint,
    caught_up_at timestamp with time zone,
    error text,
    error_at timestamp with time zone
);


--
-- Name: recurrence_v1; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.recurrence_v1 (
    task_id uuid NOT NULL,
    owner text NOT NULL,
    series_id uuid NOT NULL,
    occurrence integer NOT NULL,
    next_id uuid NOT NULL,
    completed_version integer NOT NULL,
    completed_at timestamp with time zone NOT NULL,
    "position" bigint NOT NULL
);


--
-- Name: recurrence; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.recurrence AS
 SELECT recurrence_v1.task_id,
    recurrence_v1.owner,
    recurrence_v1.series_id,
    recurrence_v1.occurrence,
    recurrence_v1.next_id,
    recurrence_v1.completed_version,
    recurrence_v1.completed_at,
    recurrence_v1."position"
   FROM __SCHEMA__.recurrence_v1;


--
-- Name: recurrence_tasks_v1; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.recurrence_tasks_v1 (
    id uuid NOT NULL,
    state text NOT NULL
);


--
-- Name: recurrence_tasks; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.recurrence_tasks AS
 SELECT recurrence_tasks_v1.id,
    recurrence_tasks_v1.state
   FROM __SCHEMA__.recurrence_tasks_v1;


--
-- Name: recurrence_v1_tracking; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.recurrence_v1_tracking (
    application_name text NOT NULL,
    notification_id bigint
)
WITH (autovacuum_enabled='true', autovacuum_vacuum_threshold='100000000', autovacuum_vacuum_scale_factor='0.5', autovacuum_analyze_threshold='1000', autovacuum_analyze_scale_factor='0.01');


--
-- Name: recurrence_tracking; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.recurrence_tracking AS
 SELECT recurrence_v1_tracking.application_name,
    recurrence_v1_tracking.notification_id
   FROM __SCHEMA__.recurrence_v1_tracking;


--
-- Name: reminders_v1; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.reminders_v1 (
    task_id uuid NOT NULL,
    owner text NOT NULL,
    reminder_at timestamp with time zone NOT NULL,
    "position" bigint NOT NULL
);


--
-- Name: reminders; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.reminders AS
 SELECT reminders_v1.task_id,
    reminders_v1.owner,
    reminders_v1.reminder_at,
    reminders_v1."position"
   FROM __SCHEMA__.reminders_v1;


--
-- Name: reminders_tasks_v1; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.reminders_tasks_v1 (
    id uuid NOT NULL,
    state text NOT NULL
);


--
-- Name: reminders_tasks; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.reminders_tasks AS
 SELECT reminders_tasks_v1.id,
    reminders_tasks_v1.state
   FROM __SCHEMA__.reminders_tasks_v1;


--
-- Name: reminders_v1_tracking; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.reminders_v1_tracking (
    application_name text NOT NULL,
    notification_id bigint
)
WITH (autovacuum_enabled='true', autovacuum_vacuum_threshold='100000000', autovacuum_vacuum_scale_factor='0.5', autovacuum_analyze_threshold='1000', autovacuum_analyze_scale_factor='0.01');


--
-- Name: reminders_tracking; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.reminders_tracking AS
 SELECT reminders_v1_tracking.application_name,
    reminders_v1_tracking.notification_id
   FROM __SCHEMA__.reminders_v1_tracking;


--
-- Name: task_list_v1; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.task_list_v1 (
    id uuid NOT NULL,
    owner text NOT NULL,
    version integer NOT NULL,
    state text NOT NULL,
    doc text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    due_at timestamp with time zone,
    due_date date,
    due_asc timestamp with time zone GENERATED ALWAYS AS (COALESCE(due_at, 'infinity'::timestamp with time zone)) STORED,
    due_desc timestamp with time zone GENERATED ALWAYS AS (COALESCE(due_at, '-infinity'::timestamp with time zone)) STORED,
    priority_rank smallint NOT NULL,
    title_key text NOT NULL COLLATE pg_catalog."C",
    completed boolean NOT NULL,
    tags text[] NOT NULL,
    owner_tags text[] NOT NULL,
    search text NOT NULL,
    search_grams text[] NOT NULL,
    series_id uuid
);


--
-- Name: task_list; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.task_list AS
 SELECT task_list_v1.id,
    task_list_v1.owner,
    task_list_v1.version,
    task_list_v1.state,
    task_list_v1.doc,
    task_list_v1.created_at,
    task_list_v1.updated_at,
    task_list_v1.due_at,
    task_list_v1.due_date,
    task_list_v1.due_asc,
    task_list_v1.due_desc,
    task_list_v1.priority_rank,
    task_list_v1.title_key,
    task_list_v1.completed,
    task_list_v1.tags,
    task_list_v1.owner_tags,
    task_list_v1.search,
    task_list_v1.search_grams,
    task_list_v1.series_id
   FROM __SCHEMA__.task_list_v1;


--
-- Name: task_list_tags_v1; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.task_list_tags_v1 (
    owner text NOT NULL,
    tag_key text NOT NULL COLLATE pg_catalog."C",
    tag text NOT NULL,
    open integer NOT NULL,
    total integer NOT NULL
);


--
-- Name: task_list_tags; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.task_list_tags AS
 SELECT task_list_tags_v1.owner,
    task_list_tags_v1.tag_key,
    task_list_tags_v1.tag,
    task_list_tags_v1.open,
    task_list_tags_v1.total
   FROM __SCHEMA__.task_list_tags_v1;


--
-- Name: task_list_v1_tracking; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.task_list_v1_tracking (
    application_name text NOT NULL,
    notification_id bigint
)
WITH (autovacuum_enabled='true', autovacuum_vacuum_threshold='100000000', autovacuum_vacuum_scale_factor='0.5', autovacuum_analyze_threshold='1000', autovacuum_analyze_scale_factor='0.01');


--
-- Name: task_list_tracking; Type: VIEW; Schema: __SCHEMA__; Owner: -
--

CREATE VIEW __SCHEMA__.task_list_tracking AS
 SELECT task_list_v1_tracking.application_name,
    task_list_v1_tracking.notification_id
   FROM __SCHEMA__.task_list_v1_tracking;


--
-- Name: tasklog_events; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.tasklog_events (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    notification_id bigint NOT NULL
)
WITH (autovacuum_enabled='true', autovacuum_vacuum_threshold='100000000', autovacuum_vacuum_scale_factor='0.5', autovacuum_analyze_threshold='1000', autovacuum_analyze_scale_factor='0.01');


--
-- Name: tasklog_events_notification_id_seq; Type: SEQUENCE; Schema: __SCHEMA__; Owner: -
--

CREATE SEQUENCE __SCHEMA__.tasklog_events_notification_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: tasklog_events_notification_id_seq; Type: SEQUENCE OWNED BY; Schema: __SCHEMA__; Owner: -
--

ALTER SEQUENCE __SCHEMA__.tasklog_events_notification_id_seq OWNED BY __SCHEMA__.tasklog_events.notification_id;


--
-- Name: tasklog_snapshots; Type: TABLE; Schema: __SCHEMA__; Owner: -
--

CREATE TABLE __SCHEMA__.tasklog_snapshots (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea
)
WITH (autovacuum_enabled='true', autovacuum_vacuum_threshold='100000000', autovacuum_vacuum_scale_factor='0.5', autovacuum_analyze_threshold='1000', autovacuum_analyze_scale_factor='0.01');


--
-- Name: tasklog_events notification_id; Type: DEFAULT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.tasklog_events ALTER COLUMN notification_id SET DEFAULT nextval('__SCHEMA__.tasklog_events_notification_id_seq'::regclass);


--
-- Data for Name: audit_owner_watermark; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.audit_owner_watermark VALUES (true, 0);


--
-- Data for Name: audit_task_owners; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--



--
-- Data for Name: idempotency_keys; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--



--
-- Data for Name: notifications_tasks_v1; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('0d5ac31b-487f-4b01-b2ad-bf77409269b6', '{"_id":{"$uuid":"0d5ac31b-487f-4b01-b2ad-bf77409269b6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"owner":"alice","title":"alice task 0","description":"about 0","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-01-10","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"01ee98639ae3c6733cc0bdf63c3bb47d7e14b5f81c0bc148b0e324c7a3d57828"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('22c9f162-9268-4db9-ae0f-45874de99ed8', '{"_id":{"$uuid":"22c9f162-9268-4db9-ae0f-45874de99ed8"},"_version":3,"_created_on":{"$dt":"2026-12-07T13:14:11.585474+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.639721+00:00"},"owner":"alice","title":"alice renamed","description":"about 1","priority_name":"high","tag_list":["home","t1"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.585474+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.639721+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"d615fc77e6a2070ab05313889aefecf2f1d24f6a04c39cc56655fdbf9f8709a3"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('176280e9-2b4d-48cf-acc4-e5337adb8fee', '{"_id":{"$uuid":"176280e9-2b4d-48cf-acc4-e5337adb8fee"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.597033+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.652185+00:00"},"owner":"alice","title":"alice task 2","description":"about 2","priority_name":"high","tag_list":["work","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.597033+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.652185+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.652185+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"9d8b40547a7f909ebdc8a68d62faaa5a0bf27105d29dcea42ce40a173c0f9730"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('ca3716ba-ee31-423b-8225-2d5c5a2ea9df', '{"_id":{"$uuid":"ca3716ba-ee31-423b-8225-2d5c5a2ea9df"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"owner":"alice","title":"alice task 3","description":"about 3","priority_name":"low","tag_list":["home","t0"],"timezone":"Europe/Berlin","due_date":"2031-04-13","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"b7bdee1d524ad333ed637a749248edf92137dd66422e5143161c71eca7482e1a"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('e0a1273a-28ce-4713-a054-adfcb371a715', '{"_id":{"$uuid":"e0a1273a-28ce-4713-a054-adfcb371a715"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.610796+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.661412+00:00"},"owner":"alice","title":"alice task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-03","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"e0a1273a-28ce-4713-a054-adfcb371a715"},"occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.610796+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.661412+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.661412+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"02c48b2c42b7c27ff31f5dabb32186d44f31bef28fa9c94477a15d4f639c5b86"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('8db4016a-af8e-4acb-96f5-304f8d4e73f6', '{"_id":{"$uuid":"8db4016a-af8e-4acb-96f5-304f8d4e73f6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"owner":"alice","title":"alice task 5","description":"about 5","priority_name":"high","tag_list":["home","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2031-06-01T08:00:00+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"b99898bfc85b2b919e78b28e23616b6c9023e80b0f1e8204afd47e14f47e70d2"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('b4ae9ecd-b160-498a-8067-8f4d57dbc935', '{"_id":{"$uuid":"b4ae9ecd-b160-498a-8067-8f4d57dbc935"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.626816+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.669803+00:00"},"owner":"alice","title":"alice task 6","description":"about 6","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-07-16","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.626816+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.669803+00:00"},"completed_at":null,"deleted":true,"last_reminder_fired":null,"chain_head":"cc856bc839f6873c9a212d3fd36038361d641104efe133f3a798bcc1b1a9f59a"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('5c8da0a0-3d4b-4f53-bd3e-592f0ec4a971', '{"_id":{"$uuid":"5c8da0a0-3d4b-4f53-bd3e-592f0ec4a971"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"owner":"bob","title":"bob task 0","description":"about 0","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-01-10","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"8ba2aa6cdd3eff3dd585e3ac358bf8f4e2986a907302aff38076eefb8baceaf7"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('82dee670-222d-4768-9629-0fecd78e7f1d', '{"_id":{"$uuid":"82dee670-222d-4768-9629-0fecd78e7f1d"},"_version":3,"_created_on":{"$dt":"2026-12-07T13:14:11.684662+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.715897+00:00"},"owner":"bob","title":"bob renamed","description":"about 1","priority_name":"high","tag_list":["home","t1"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.684662+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.715897+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"262306183786a20da3715b71b1aa995d1a2b2523608ea2c3c4155f9f284da9ed"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('00cee91a-f715-43e3-ba9b-1c6eab7db9e8', '{"_id":{"$uuid":"00cee91a-f715-43e3-ba9b-1c6eab7db9e8"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.688321+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.720592+00:00"},"owner":"bob","title":"bob task 2","description":"about 2","priority_name":"high","tag_list":["work","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.688321+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.720592+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.720592+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"32053b8bae58756e4db835eec52f010f2c2febccd309047c97c782ec0e55b3b1"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('7e9393fb-ec56-4d02-9e02-d6299033473c', '{"_id":{"$uuid":"7e9393fb-ec56-4d02-9e02-d6299033473c"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"owner":"bob","title":"bob task 3","description":"about 3","priority_name":"low","tag_list":["home","t0"],"timezone":"Europe/Berlin","due_date":"2031-04-13","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"c706492b0020107c492151c6ab1dee0797172d092bf9c88e4477a7d59f601df1"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('56645b13-f1b2-44e6-bc57-2c562debe0fa', '{"_id":{"$uuid":"56645b13-f1b2-44e6-bc57-2c562debe0fa"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.701039+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.727241+00:00"},"owner":"bob","title":"bob task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-03","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"56645b13-f1b2-44e6-bc57-2c562debe0fa"},"occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.701039+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.727241+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.727241+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"80d6277072502d409564789aae2adab236f28dbcb0e8261d607c489da409cbca"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('df2c5219-cbfb-4fc2-8a5c-c2bedfb0d8b6', '{"_id":{"$uuid":"df2c5219-cbfb-4fc2-8a5c-c2bedfb0d8b6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"owner":"bob","title":"bob task 5","description":"about 5","priority_name":"high","tag_list":["home","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2031-06-01T08:00:00+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"68c542bc007b88050fad064a0b7a05d3dbdb86a1bac560c14bcd31037bbe6521"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('4b248b8e-4053-4f0c-a7b3-9981b5c4a1e5', '{"_id":{"$uuid":"4b248b8e-4053-4f0c-a7b3-9981b5c4a1e5"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.710172+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.731236+00:00"},"owner":"bob","title":"bob task 6","description":"about 6","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-07-16","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.710172+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.731236+00:00"},"completed_at":null,"deleted":true,"last_reminder_fired":null,"chain_head":"30fcef62de17b1c6d95390c744762e4ff19b7e5e9e8b4b4e877184bb0a03886e"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('2829dc79-9362-46da-ba5a-54217ae171b5', '{"_id":{"$uuid":"2829dc79-9362-46da-ba5a-54217ae171b5"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"owner":"carol","title":"carol task 0","description":"about 0","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-01-10","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"c06dac90db717dff7fbf7efd062e10838f9512e4f69186023f85a0d4bef007e8"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('1b186e7a-b773-4363-a08c-69d0ed989505', '{"_id":{"$uuid":"1b186e7a-b773-4363-a08c-69d0ed989505"},"_version":3,"_created_on":{"$dt":"2026-12-07T13:14:11.737383+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.769065+00:00"},"owner":"carol","title":"carol renamed","description":"about 1","priority_name":"high","tag_list":["home","t1"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.737383+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.769065+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"89620b73ebb31c51eb85f84a0ae20a0447e0efbc8e59efe97f3320c257812087"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('8ca2f12c-c9ac-48af-b569-975e2a88744e', '{"_id":{"$uuid":"8ca2f12c-c9ac-48af-b569-975e2a88744e"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.740039+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.774338+00:00"},"owner":"carol","title":"carol task 2","description":"about 2","priority_name":"high","tag_list":["work","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.740039+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.774338+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.774338+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"177a9b4ba4e76848cc998aaf12b1ece3a25bcefdff6601b84597c98b9fb71674"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('181eaa82-2922-487d-8b21-7dbc326f66e2', '{"_id":{"$uuid":"181eaa82-2922-487d-8b21-7dbc326f66e2"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"owner":"carol","title":"carol task 3","description":"about 3","priority_name":"low","tag_list":["home","t0"],"timezone":"Europe/Berlin","due_date":"2031-04-13","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"ed2fde0b0acf12aeffcbd0dff07d39ddf3d48939f40d7969d298978ccc0c5711"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45', '{"_id":{"$uuid":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.746565+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.780621+00:00"},"owner":"carol","title":"carol task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-03","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45"},"occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.746565+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.780621+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.780621+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"b04c3ab12d12a572f4bee16cc26cd3d0981cb48477c41ff354aa593f0f91f0ae"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('b86f0dd5-eadd-49a2-894d-e6fdf1c642ff', '{"_id":{"$uuid":"b86f0dd5-eadd-49a2-894d-e6fdf1c642ff"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"owner":"carol","title":"carol task 5","description":"about 5","priority_name":"high","tag_list":["home","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2031-06-01T08:00:00+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"8803f29b0e1e1b9b9312e47381b3b23f10d5525727f67e168ca224c2439d9e08"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('7c73c0a3-f9df-4dac-a441-37cd3bfc82da', '{"_id":{"$uuid":"7c73c0a3-f9df-4dac-a441-37cd3bfc82da"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.764145+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.784783+00:00"},"owner":"carol","title":"carol task 6","description":"about 6","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-07-16","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.764145+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.784783+00:00"},"completed_at":null,"deleted":true,"last_reminder_fired":null,"chain_head":"d87d73d856c09d5bd609528b6687797b96ec3fc434b0e5a44cd8430036f39313"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('6b48a81b-fedb-513e-b99d-bc4bae8ac9e8', '{"_id":{"$uuid":"6b48a81b-fedb-513e-b99d-bc4bae8ac9e8"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"owner":"bob","title":"bob task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-10","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"56645b13-f1b2-44e6-bc57-2c562debe0fa"},"occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"020c29dedbd72d4a4fd2765f46d52075f37102d3539d298acb86950306b33278"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('0252c371-3f1a-52ba-ab9c-2b338cf3b065', '{"_id":{"$uuid":"0252c371-3f1a-52ba-ab9c-2b338cf3b065"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"owner":"carol","title":"carol task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-10","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45"},"occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"cf16f1f6b38b3600816cf6eb7477d4afafc65ae8985eab613407304b74fa12c1"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('2554760d-d3e0-5783-a632-6cee9e357ef6', '{"_id":{"$uuid":"2554760d-d3e0-5783-a632-6cee9e357ef6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"owner":"alice","title":"alice task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-10","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"e0a1273a-28ce-4713-a054-adfcb371a715"},"occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"3a6cad3b472e4fa15281cf62774b3e2ba417084fec30a12a2473bcec5724ad5e"}');
INSERT INTO __SCHEMA__.notifications_tasks_v1 VALUES ('8fb63255-0780-474f-8b8c-994c08e78132', '{"_id":{"$uuid":"8fb63255-0780-474f-8b8c-994c08e78132"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.787951+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:26.023582+00:00"},"owner":"alice","title":"call mum","description":null,"priority_name":"high","tag_list":[],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2026-12-07T13:14:26+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.787951+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.787951+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":{"$dt":"2026-12-07T13:14:26+00:00"},"chain_head":"079e8f2947a3059fd049cdba198b791347927a75ac401f81d60bc1ee2d0c1634"}');


--
-- Data for Name: notifications_v1; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.notifications_v1 VALUES ('d42a51d1-2964-5aed-a02b-1413a8201c0e', 'alice', '8fb63255-0780-474f-8b8c-994c08e78132', '2026-12-07 13:14:26.023582+00', '{"id":"d42a51d1-2964-5aed-a02b-1413a8201c0e","task_id":"8fb63255-0780-474f-8b8c-994c08e78132","title":"call mum","due_at":null,"fired_at":"2026-12-07T13:14:26.023582Z","reminder_at":"2026-12-07T13:14:26Z"}');


--
-- Data for Name: notifications_v1_tracking; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.notifications_v1_tracking VALUES ('__migration__', 1);
INSERT INTO __SCHEMA__.notifications_v1_tracking VALUES ('Tasklog', 41);


--
-- Data for Name: projection_catalog; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.projection_catalog VALUES ('task_list', 1, 3, NULL, NULL, NULL, NULL);
INSERT INTO __SCHEMA__.projection_catalog VALUES ('recurrence', 1, 1, NULL, NULL, NULL, NULL);
INSERT INTO __SCHEMA__.projection_catalog VALUES ('reminders', 1, 1, NULL, NULL, NULL, NULL);
INSERT INTO __SCHEMA__.projection_catalog VALUES ('notifications', 1, 1, NULL, NULL, NULL, NULL);


--
-- Data for Name: projection_dead_letters; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--



--
-- Data for Name: projection_secrets; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.projection_secrets VALUES ('task_list_cursor', '\x95bfa3b2321fba04203c323d5dd2905b61f71beca0f7a4d958cb7bf5f59fc9b7');


--
-- Data for Name: projection_workers; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.projection_workers VALUES ('notifications', 'live', 'vm:9274:projection-notifications', '2026-12-07 13:14:28.044271+00', 'running', 41, '2026-12-07 13:14:28.044271+00', NULL, NULL);
INSERT INTO __SCHEMA__.projection_workers VALUES ('task_list', 'live', 'vm:9274:projection-task_list', '2026-12-07 13:14:28.048394+00', 'running', 41, '2026-12-07 13:14:28.048394+00', NULL, NULL);
INSERT INTO __SCHEMA__.projection_workers VALUES ('reminders', 'live', 'vm:9274:projection-reminders', '2026-12-07 13:14:28.048585+00', 'running', 41, '2026-12-07 13:14:28.048585+00', NULL, NULL);
INSERT INTO __SCHEMA__.projection_workers VALUES ('recurrence', 'live', 'vm:9274:projection-recurrence', '2026-12-07 13:14:28.050049+00', 'running', 41, '2026-12-07 13:14:28.050049+00', NULL, NULL);


--
-- Data for Name: recurrence_tasks_v1; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('0d5ac31b-487f-4b01-b2ad-bf77409269b6', '{"_id":{"$uuid":"0d5ac31b-487f-4b01-b2ad-bf77409269b6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"owner":"alice","title":"alice task 0","description":"about 0","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-01-10","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"01ee98639ae3c6733cc0bdf63c3bb47d7e14b5f81c0bc148b0e324c7a3d57828"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('22c9f162-9268-4db9-ae0f-45874de99ed8', '{"_id":{"$uuid":"22c9f162-9268-4db9-ae0f-45874de99ed8"},"_version":3,"_created_on":{"$dt":"2026-12-07T13:14:11.585474+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.639721+00:00"},"owner":"alice","title":"alice renamed","description":"about 1","priority_name":"high","tag_list":["home","t1"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.585474+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.639721+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"d615fc77e6a2070ab05313889aefecf2f1d24f6a04c39cc56655fdbf9f8709a3"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('176280e9-2b4d-48cf-acc4-e5337adb8fee', '{"_id":{"$uuid":"176280e9-2b4d-48cf-acc4-e5337adb8fee"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.597033+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.652185+00:00"},"owner":"alice","title":"alice task 2","description":"about 2","priority_name":"high","tag_list":["work","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.597033+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.652185+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.652185+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"9d8b40547a7f909ebdc8a68d62faaa5a0bf27105d29dcea42ce40a173c0f9730"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('ca3716ba-ee31-423b-8225-2d5c5a2ea9df', '{"_id":{"$uuid":"ca3716ba-ee31-423b-8225-2d5c5a2ea9df"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"owner":"alice","title":"alice task 3","description":"about 3","priority_name":"low","tag_list":["home","t0"],"timezone":"Europe/Berlin","due_date":"2031-04-13","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"b7bdee1d524ad333ed637a749248edf92137dd66422e5143161c71eca7482e1a"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('e0a1273a-28ce-4713-a054-adfcb371a715', '{"_id":{"$uuid":"e0a1273a-28ce-4713-a054-adfcb371a715"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.610796+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.661412+00:00"},"owner":"alice","title":"alice task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-03","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"e0a1273a-28ce-4713-a054-adfcb371a715"},"occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.610796+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.661412+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.661412+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"02c48b2c42b7c27ff31f5dabb32186d44f31bef28fa9c94477a15d4f639c5b86"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('8db4016a-af8e-4acb-96f5-304f8d4e73f6', '{"_id":{"$uuid":"8db4016a-af8e-4acb-96f5-304f8d4e73f6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"owner":"alice","title":"alice task 5","description":"about 5","priority_name":"high","tag_list":["home","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2031-06-01T08:00:00+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"b99898bfc85b2b919e78b28e23616b6c9023e80b0f1e8204afd47e14f47e70d2"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('b4ae9ecd-b160-498a-8067-8f4d57dbc935', '{"_id":{"$uuid":"b4ae9ecd-b160-498a-8067-8f4d57dbc935"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.626816+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.669803+00:00"},"owner":"alice","title":"alice task 6","description":"about 6","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-07-16","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.626816+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.669803+00:00"},"completed_at":null,"deleted":true,"last_reminder_fired":null,"chain_head":"cc856bc839f6873c9a212d3fd36038361d641104efe133f3a798bcc1b1a9f59a"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('5c8da0a0-3d4b-4f53-bd3e-592f0ec4a971', '{"_id":{"$uuid":"5c8da0a0-3d4b-4f53-bd3e-592f0ec4a971"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"owner":"bob","title":"bob task 0","description":"about 0","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-01-10","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"8ba2aa6cdd3eff3dd585e3ac358bf8f4e2986a907302aff38076eefb8baceaf7"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('82dee670-222d-4768-9629-0fecd78e7f1d', '{"_id":{"$uuid":"82dee670-222d-4768-9629-0fecd78e7f1d"},"_version":3,"_created_on":{"$dt":"2026-12-07T13:14:11.684662+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.715897+00:00"},"owner":"bob","title":"bob renamed","description":"about 1","priority_name":"high","tag_list":["home","t1"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.684662+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.715897+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"262306183786a20da3715b71b1aa995d1a2b2523608ea2c3c4155f9f284da9ed"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('00cee91a-f715-43e3-ba9b-1c6eab7db9e8', '{"_id":{"$uuid":"00cee91a-f715-43e3-ba9b-1c6eab7db9e8"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.688321+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.720592+00:00"},"owner":"bob","title":"bob task 2","description":"about 2","priority_name":"high","tag_list":["work","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.688321+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.720592+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.720592+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"32053b8bae58756e4db835eec52f010f2c2febccd309047c97c782ec0e55b3b1"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('7e9393fb-ec56-4d02-9e02-d6299033473c', '{"_id":{"$uuid":"7e9393fb-ec56-4d02-9e02-d6299033473c"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"owner":"bob","title":"bob task 3","description":"about 3","priority_name":"low","tag_list":["home","t0"],"timezone":"Europe/Berlin","due_date":"2031-04-13","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"c706492b0020107c492151c6ab1dee0797172d092bf9c88e4477a7d59f601df1"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('56645b13-f1b2-44e6-bc57-2c562debe0fa', '{"_id":{"$uuid":"56645b13-f1b2-44e6-bc57-2c562debe0fa"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.701039+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.727241+00:00"},"owner":"bob","title":"bob task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-03","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"56645b13-f1b2-44e6-bc57-2c562debe0fa"},"occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.701039+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.727241+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.727241+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"80d6277072502d409564789aae2adab236f28dbcb0e8261d607c489da409cbca"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('df2c5219-cbfb-4fc2-8a5c-c2bedfb0d8b6', '{"_id":{"$uuid":"df2c5219-cbfb-4fc2-8a5c-c2bedfb0d8b6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"owner":"bob","title":"bob task 5","description":"about 5","priority_name":"high","tag_list":["home","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2031-06-01T08:00:00+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"68c542bc007b88050fad064a0b7a05d3dbdb86a1bac560c14bcd31037bbe6521"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('4b248b8e-4053-4f0c-a7b3-9981b5c4a1e5', '{"_id":{"$uuid":"4b248b8e-4053-4f0c-a7b3-9981b5c4a1e5"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.710172+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.731236+00:00"},"owner":"bob","title":"bob task 6","description":"about 6","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-07-16","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.710172+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.731236+00:00"},"completed_at":null,"deleted":true,"last_reminder_fired":null,"chain_head":"30fcef62de17b1c6d95390c744762e4ff19b7e5e9e8b4b4e877184bb0a03886e"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('2829dc79-9362-46da-ba5a-54217ae171b5', '{"_id":{"$uuid":"2829dc79-9362-46da-ba5a-54217ae171b5"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"owner":"carol","title":"carol task 0","description":"about 0","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-01-10","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"c06dac90db717dff7fbf7efd062e10838f9512e4f69186023f85a0d4bef007e8"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('1b186e7a-b773-4363-a08c-69d0ed989505', '{"_id":{"$uuid":"1b186e7a-b773-4363-a08c-69d0ed989505"},"_version":3,"_created_on":{"$dt":"2026-12-07T13:14:11.737383+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.769065+00:00"},"owner":"carol","title":"carol renamed","description":"about 1","priority_name":"high","tag_list":["home","t1"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.737383+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.769065+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"89620b73ebb31c51eb85f84a0ae20a0447e0efbc8e59efe97f3320c257812087"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('8ca2f12c-c9ac-48af-b569-975e2a88744e', '{"_id":{"$uuid":"8ca2f12c-c9ac-48af-b569-975e2a88744e"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.740039+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.774338+00:00"},"owner":"carol","title":"carol task 2","description":"about 2","priority_name":"high","tag_list":["work","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.740039+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.774338+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.774338+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"177a9b4ba4e76848cc998aaf12b1ece3a25bcefdff6601b84597c98b9fb71674"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('181eaa82-2922-487d-8b21-7dbc326f66e2', '{"_id":{"$uuid":"181eaa82-2922-487d-8b21-7dbc326f66e2"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"owner":"carol","title":"carol task 3","description":"about 3","priority_name":"low","tag_list":["home","t0"],"timezone":"Europe/Berlin","due_date":"2031-04-13","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"ed2fde0b0acf12aeffcbd0dff07d39ddf3d48939f40d7969d298978ccc0c5711"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45', '{"_id":{"$uuid":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.746565+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.780621+00:00"},"owner":"carol","title":"carol task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-03","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45"},"occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.746565+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.780621+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.780621+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"b04c3ab12d12a572f4bee16cc26cd3d0981cb48477c41ff354aa593f0f91f0ae"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('b86f0dd5-eadd-49a2-894d-e6fdf1c642ff', '{"_id":{"$uuid":"b86f0dd5-eadd-49a2-894d-e6fdf1c642ff"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"owner":"carol","title":"carol task 5","description":"about 5","priority_name":"high","tag_list":["home","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2031-06-01T08:00:00+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"8803f29b0e1e1b9b9312e47381b3b23f10d5525727f67e168ca224c2439d9e08"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('7c73c0a3-f9df-4dac-a441-37cd3bfc82da', '{"_id":{"$uuid":"7c73c0a3-f9df-4dac-a441-37cd3bfc82da"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.764145+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.784783+00:00"},"owner":"carol","title":"carol task 6","description":"about 6","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-07-16","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.764145+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.784783+00:00"},"completed_at":null,"deleted":true,"last_reminder_fired":null,"chain_head":"d87d73d856c09d5bd609528b6687797b96ec3fc434b0e5a44cd8430036f39313"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('6b48a81b-fedb-513e-b99d-bc4bae8ac9e8', '{"_id":{"$uuid":"6b48a81b-fedb-513e-b99d-bc4bae8ac9e8"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"owner":"bob","title":"bob task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-10","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"56645b13-f1b2-44e6-bc57-2c562debe0fa"},"occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"020c29dedbd72d4a4fd2765f46d52075f37102d3539d298acb86950306b33278"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('0252c371-3f1a-52ba-ab9c-2b338cf3b065', '{"_id":{"$uuid":"0252c371-3f1a-52ba-ab9c-2b338cf3b065"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"owner":"carol","title":"carol task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-10","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45"},"occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"cf16f1f6b38b3600816cf6eb7477d4afafc65ae8985eab613407304b74fa12c1"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('2554760d-d3e0-5783-a632-6cee9e357ef6', '{"_id":{"$uuid":"2554760d-d3e0-5783-a632-6cee9e357ef6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"owner":"alice","title":"alice task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-10","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"e0a1273a-28ce-4713-a054-adfcb371a715"},"occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"3a6cad3b472e4fa15281cf62774b3e2ba417084fec30a12a2473bcec5724ad5e"}');
INSERT INTO __SCHEMA__.recurrence_tasks_v1 VALUES ('8fb63255-0780-474f-8b8c-994c08e78132', '{"_id":{"$uuid":"8fb63255-0780-474f-8b8c-994c08e78132"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.787951+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:26.023582+00:00"},"owner":"alice","title":"call mum","description":null,"priority_name":"high","tag_list":[],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2026-12-07T13:14:26+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.787951+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.787951+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":{"$dt":"2026-12-07T13:14:26+00:00"},"chain_head":"079e8f2947a3059fd049cdba198b791347927a75ac401f81d60bc1ee2d0c1634"}');


--
-- Data for Name: recurrence_v1; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--



--
-- Data for Name: recurrence_v1_tracking; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.recurrence_v1_tracking VALUES ('__migration__', 1);
INSERT INTO __SCHEMA__.recurrence_v1_tracking VALUES ('Tasklog', 41);


--
-- Data for Name: reminders_tasks_v1; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('0d5ac31b-487f-4b01-b2ad-bf77409269b6', '{"_id":{"$uuid":"0d5ac31b-487f-4b01-b2ad-bf77409269b6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"owner":"alice","title":"alice task 0","description":"about 0","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-01-10","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"01ee98639ae3c6733cc0bdf63c3bb47d7e14b5f81c0bc148b0e324c7a3d57828"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('22c9f162-9268-4db9-ae0f-45874de99ed8', '{"_id":{"$uuid":"22c9f162-9268-4db9-ae0f-45874de99ed8"},"_version":3,"_created_on":{"$dt":"2026-12-07T13:14:11.585474+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.639721+00:00"},"owner":"alice","title":"alice renamed","description":"about 1","priority_name":"high","tag_list":["home","t1"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.585474+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.639721+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"d615fc77e6a2070ab05313889aefecf2f1d24f6a04c39cc56655fdbf9f8709a3"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('176280e9-2b4d-48cf-acc4-e5337adb8fee', '{"_id":{"$uuid":"176280e9-2b4d-48cf-acc4-e5337adb8fee"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.597033+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.652185+00:00"},"owner":"alice","title":"alice task 2","description":"about 2","priority_name":"high","tag_list":["work","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.597033+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.652185+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.652185+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"9d8b40547a7f909ebdc8a68d62faaa5a0bf27105d29dcea42ce40a173c0f9730"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('ca3716ba-ee31-423b-8225-2d5c5a2ea9df', '{"_id":{"$uuid":"ca3716ba-ee31-423b-8225-2d5c5a2ea9df"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"owner":"alice","title":"alice task 3","description":"about 3","priority_name":"low","tag_list":["home","t0"],"timezone":"Europe/Berlin","due_date":"2031-04-13","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"b7bdee1d524ad333ed637a749248edf92137dd66422e5143161c71eca7482e1a"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('e0a1273a-28ce-4713-a054-adfcb371a715', '{"_id":{"$uuid":"e0a1273a-28ce-4713-a054-adfcb371a715"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.610796+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.661412+00:00"},"owner":"alice","title":"alice task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-03","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"e0a1273a-28ce-4713-a054-adfcb371a715"},"occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.610796+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.661412+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.661412+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"02c48b2c42b7c27ff31f5dabb32186d44f31bef28fa9c94477a15d4f639c5b86"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('8db4016a-af8e-4acb-96f5-304f8d4e73f6', '{"_id":{"$uuid":"8db4016a-af8e-4acb-96f5-304f8d4e73f6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"owner":"alice","title":"alice task 5","description":"about 5","priority_name":"high","tag_list":["home","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2031-06-01T08:00:00+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"b99898bfc85b2b919e78b28e23616b6c9023e80b0f1e8204afd47e14f47e70d2"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('b4ae9ecd-b160-498a-8067-8f4d57dbc935', '{"_id":{"$uuid":"b4ae9ecd-b160-498a-8067-8f4d57dbc935"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.626816+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.669803+00:00"},"owner":"alice","title":"alice task 6","description":"about 6","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-07-16","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.626816+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.669803+00:00"},"completed_at":null,"deleted":true,"last_reminder_fired":null,"chain_head":"cc856bc839f6873c9a212d3fd36038361d641104efe133f3a798bcc1b1a9f59a"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('5c8da0a0-3d4b-4f53-bd3e-592f0ec4a971', '{"_id":{"$uuid":"5c8da0a0-3d4b-4f53-bd3e-592f0ec4a971"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"owner":"bob","title":"bob task 0","description":"about 0","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-01-10","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"8ba2aa6cdd3eff3dd585e3ac358bf8f4e2986a907302aff38076eefb8baceaf7"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('82dee670-222d-4768-9629-0fecd78e7f1d', '{"_id":{"$uuid":"82dee670-222d-4768-9629-0fecd78e7f1d"},"_version":3,"_created_on":{"$dt":"2026-12-07T13:14:11.684662+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.715897+00:00"},"owner":"bob","title":"bob renamed","description":"about 1","priority_name":"high","tag_list":["home","t1"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.684662+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.715897+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"262306183786a20da3715b71b1aa995d1a2b2523608ea2c3c4155f9f284da9ed"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('00cee91a-f715-43e3-ba9b-1c6eab7db9e8', '{"_id":{"$uuid":"00cee91a-f715-43e3-ba9b-1c6eab7db9e8"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.688321+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.720592+00:00"},"owner":"bob","title":"bob task 2","description":"about 2","priority_name":"high","tag_list":["work","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.688321+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.720592+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.720592+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"32053b8bae58756e4db835eec52f010f2c2febccd309047c97c782ec0e55b3b1"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('7e9393fb-ec56-4d02-9e02-d6299033473c', '{"_id":{"$uuid":"7e9393fb-ec56-4d02-9e02-d6299033473c"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"owner":"bob","title":"bob task 3","description":"about 3","priority_name":"low","tag_list":["home","t0"],"timezone":"Europe/Berlin","due_date":"2031-04-13","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"c706492b0020107c492151c6ab1dee0797172d092bf9c88e4477a7d59f601df1"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('56645b13-f1b2-44e6-bc57-2c562debe0fa', '{"_id":{"$uuid":"56645b13-f1b2-44e6-bc57-2c562debe0fa"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.701039+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.727241+00:00"},"owner":"bob","title":"bob task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-03","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"56645b13-f1b2-44e6-bc57-2c562debe0fa"},"occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.701039+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.727241+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.727241+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"80d6277072502d409564789aae2adab236f28dbcb0e8261d607c489da409cbca"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('df2c5219-cbfb-4fc2-8a5c-c2bedfb0d8b6', '{"_id":{"$uuid":"df2c5219-cbfb-4fc2-8a5c-c2bedfb0d8b6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"owner":"bob","title":"bob task 5","description":"about 5","priority_name":"high","tag_list":["home","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2031-06-01T08:00:00+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"68c542bc007b88050fad064a0b7a05d3dbdb86a1bac560c14bcd31037bbe6521"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('4b248b8e-4053-4f0c-a7b3-9981b5c4a1e5', '{"_id":{"$uuid":"4b248b8e-4053-4f0c-a7b3-9981b5c4a1e5"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.710172+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.731236+00:00"},"owner":"bob","title":"bob task 6","description":"about 6","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-07-16","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.710172+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.731236+00:00"},"completed_at":null,"deleted":true,"last_reminder_fired":null,"chain_head":"30fcef62de17b1c6d95390c744762e4ff19b7e5e9e8b4b4e877184bb0a03886e"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('2829dc79-9362-46da-ba5a-54217ae171b5', '{"_id":{"$uuid":"2829dc79-9362-46da-ba5a-54217ae171b5"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"owner":"carol","title":"carol task 0","description":"about 0","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-01-10","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"c06dac90db717dff7fbf7efd062e10838f9512e4f69186023f85a0d4bef007e8"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('1b186e7a-b773-4363-a08c-69d0ed989505', '{"_id":{"$uuid":"1b186e7a-b773-4363-a08c-69d0ed989505"},"_version":3,"_created_on":{"$dt":"2026-12-07T13:14:11.737383+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.769065+00:00"},"owner":"carol","title":"carol renamed","description":"about 1","priority_name":"high","tag_list":["home","t1"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.737383+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.769065+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"89620b73ebb31c51eb85f84a0ae20a0447e0efbc8e59efe97f3320c257812087"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('8ca2f12c-c9ac-48af-b569-975e2a88744e', '{"_id":{"$uuid":"8ca2f12c-c9ac-48af-b569-975e2a88744e"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.740039+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.774338+00:00"},"owner":"carol","title":"carol task 2","description":"about 2","priority_name":"high","tag_list":["work","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.740039+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.774338+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.774338+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"177a9b4ba4e76848cc998aaf12b1ece3a25bcefdff6601b84597c98b9fb71674"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('181eaa82-2922-487d-8b21-7dbc326f66e2', '{"_id":{"$uuid":"181eaa82-2922-487d-8b21-7dbc326f66e2"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"owner":"carol","title":"carol task 3","description":"about 3","priority_name":"low","tag_list":["home","t0"],"timezone":"Europe/Berlin","due_date":"2031-04-13","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"ed2fde0b0acf12aeffcbd0dff07d39ddf3d48939f40d7969d298978ccc0c5711"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45', '{"_id":{"$uuid":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.746565+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.780621+00:00"},"owner":"carol","title":"carol task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-03","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45"},"occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.746565+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.780621+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.780621+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"b04c3ab12d12a572f4bee16cc26cd3d0981cb48477c41ff354aa593f0f91f0ae"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('b86f0dd5-eadd-49a2-894d-e6fdf1c642ff', '{"_id":{"$uuid":"b86f0dd5-eadd-49a2-894d-e6fdf1c642ff"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"owner":"carol","title":"carol task 5","description":"about 5","priority_name":"high","tag_list":["home","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2031-06-01T08:00:00+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"8803f29b0e1e1b9b9312e47381b3b23f10d5525727f67e168ca224c2439d9e08"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('7c73c0a3-f9df-4dac-a441-37cd3bfc82da', '{"_id":{"$uuid":"7c73c0a3-f9df-4dac-a441-37cd3bfc82da"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.764145+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.784783+00:00"},"owner":"carol","title":"carol task 6","description":"about 6","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-07-16","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.764145+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.784783+00:00"},"completed_at":null,"deleted":true,"last_reminder_fired":null,"chain_head":"d87d73d856c09d5bd609528b6687797b96ec3fc434b0e5a44cd8430036f39313"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('6b48a81b-fedb-513e-b99d-bc4bae8ac9e8', '{"_id":{"$uuid":"6b48a81b-fedb-513e-b99d-bc4bae8ac9e8"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"owner":"bob","title":"bob task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-10","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"56645b13-f1b2-44e6-bc57-2c562debe0fa"},"occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"020c29dedbd72d4a4fd2765f46d52075f37102d3539d298acb86950306b33278"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('0252c371-3f1a-52ba-ab9c-2b338cf3b065', '{"_id":{"$uuid":"0252c371-3f1a-52ba-ab9c-2b338cf3b065"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"owner":"carol","title":"carol task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-10","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45"},"occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"cf16f1f6b38b3600816cf6eb7477d4afafc65ae8985eab613407304b74fa12c1"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('2554760d-d3e0-5783-a632-6cee9e357ef6', '{"_id":{"$uuid":"2554760d-d3e0-5783-a632-6cee9e357ef6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"owner":"alice","title":"alice task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-10","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"e0a1273a-28ce-4713-a054-adfcb371a715"},"occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"3a6cad3b472e4fa15281cf62774b3e2ba417084fec30a12a2473bcec5724ad5e"}');
INSERT INTO __SCHEMA__.reminders_tasks_v1 VALUES ('8fb63255-0780-474f-8b8c-994c08e78132', '{"_id":{"$uuid":"8fb63255-0780-474f-8b8c-994c08e78132"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.787951+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:26.023582+00:00"},"owner":"alice","title":"call mum","description":null,"priority_name":"high","tag_list":[],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2026-12-07T13:14:26+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.787951+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.787951+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":{"$dt":"2026-12-07T13:14:26+00:00"},"chain_head":"079e8f2947a3059fd049cdba198b791347927a75ac401f81d60bc1ee2d0c1634"}');


--
-- Data for Name: reminders_v1; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.reminders_v1 VALUES ('8db4016a-af8e-4acb-96f5-304f8d4e73f6', 'alice', '2031-06-01 08:00:00+00', 6);
INSERT INTO __SCHEMA__.reminders_v1 VALUES ('df2c5219-cbfb-4fc2-8a5c-c2bedfb0d8b6', 'bob', '2031-06-01 08:00:00+00', 18);
INSERT INTO __SCHEMA__.reminders_v1 VALUES ('b86f0dd5-eadd-49a2-894d-e6fdf1c642ff', 'carol', '2031-06-01 08:00:00+00', 30);


--
-- Data for Name: reminders_v1_tracking; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.reminders_v1_tracking VALUES ('__migration__', 1);
INSERT INTO __SCHEMA__.reminders_v1_tracking VALUES ('Tasklog', 41);


--
-- Data for Name: task_list_tags_v1; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('alice', 'home', 'home', 3, 3);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('alice', 't2', 't2', 1, 2);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('alice', 't0', 't0', 2, 2);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('bob', 'home', 'home', 3, 3);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('bob', 't2', 't2', 1, 2);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('bob', 't0', 't0', 2, 2);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('carol', 'home', 'home', 3, 3);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('carol', 't2', 't2', 1, 2);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('carol', 't0', 't0', 2, 2);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('bob', 'work', 'work', 2, 4);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('bob', 't1', 't1', 2, 3);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('carol', 'work', 'work', 2, 4);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('carol', 't1', 't1', 2, 3);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('alice', 'work', 'work', 2, 4);
INSERT INTO __SCHEMA__.task_list_tags_v1 VALUES ('alice', 't1', 't1', 2, 3);


--
-- Data for Name: task_list_v1; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.task_list_v1 VALUES ('0d5ac31b-487f-4b01-b2ad-bf77409269b6', 'alice', 1, '{"_id":{"$uuid":"0d5ac31b-487f-4b01-b2ad-bf77409269b6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"owner":"alice","title":"alice task 0","description":"about 0","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-01-10","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.567753+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"01ee98639ae3c6733cc0bdf63c3bb47d7e14b5f81c0bc148b0e324c7a3d57828"}', '{"id":"0d5ac31b-487f-4b01-b2ad-bf77409269b6","title":"alice task 0","description":"about 0","priority":"low","tags":["work","t0"],"due_date":"2031-01-10","due_time":"09:00","timezone":"Europe/Berlin","due_at":"2031-01-10T08:00:00Z","recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.567753Z","updated_at":"2026-12-07T13:14:11.567753Z","version":1}', '2026-12-07 13:14:11.567753+00', '2026-12-07 13:14:11.567753+00', '2031-01-10 08:00:00+00', '2031-01-10', DEFAULT, DEFAULT, 1, 'alice task 0', false, '{work,t0}', '{alicework,alicet0}', 'alice task 0
about 0', '{IwVQJocwabo,IwVQJocwali,IwVQJocwask,IwVQJocwbou,IwVQJocwice,IwVQJocwlic,IwVQJocwout,IwVQJocwtas}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('ca3716ba-ee31-423b-8225-2d5c5a2ea9df', 'alice', 1, '{"_id":{"$uuid":"ca3716ba-ee31-423b-8225-2d5c5a2ea9df"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"owner":"alice","title":"alice task 3","description":"about 3","priority_name":"low","tag_list":["home","t0"],"timezone":"Europe/Berlin","due_date":"2031-04-13","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.603970+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"b7bdee1d524ad333ed637a749248edf92137dd66422e5143161c71eca7482e1a"}', '{"id":"ca3716ba-ee31-423b-8225-2d5c5a2ea9df","title":"alice task 3","description":"about 3","priority":"low","tags":["home","t0"],"due_date":"2031-04-13","due_time":"09:00","timezone":"Europe/Berlin","due_at":"2031-04-13T07:00:00Z","recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.603970Z","updated_at":"2026-12-07T13:14:11.603970Z","version":1}', '2026-12-07 13:14:11.60397+00', '2026-12-07 13:14:11.60397+00', '2031-04-13 07:00:00+00', '2031-04-13', DEFAULT, DEFAULT, 1, 'alice task 3', false, '{home,t0}', '{alicehome,alicet0}', 'alice task 3
about 3', '{IwVQJocwabo,IwVQJocwali,IwVQJocwask,IwVQJocwbou,IwVQJocwice,IwVQJocwlic,IwVQJocwout,IwVQJocwtas}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('22c9f162-9268-4db9-ae0f-45874de99ed8', 'alice', 3, '{"_id":{"$uuid":"22c9f162-9268-4db9-ae0f-45874de99ed8"},"_version":3,"_created_on":{"$dt":"2026-12-07T13:14:11.585474+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.639721+00:00"},"owner":"alice","title":"alice renamed","description":"about 1","priority_name":"high","tag_list":["home","t1"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.585474+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.639721+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"d615fc77e6a2070ab05313889aefecf2f1d24f6a04c39cc56655fdbf9f8709a3"}', '{"id":"22c9f162-9268-4db9-ae0f-45874de99ed8","title":"alice renamed","description":"about 1","priority":"high","tags":["home","t1"],"due_date":null,"due_time":null,"timezone":"UTC","due_at":null,"recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.585474Z","updated_at":"2026-12-07T13:14:11.639721Z","version":3}', '2026-12-07 13:14:11.585474+00', '2026-12-07 13:14:11.639721+00', NULL, NULL, DEFAULT, DEFAULT, 3, 'alice renamed', false, '{home,t1}', '{alicehome,alicet1}', 'alice renamed
about 1', '{IwVQJocwabo,IwVQJocwali,IwVQJocwame,IwVQJocwbou,IwVQJocwena,IwVQJocwice,IwVQJocwlic,IwVQJocwmed,IwVQJocwnam,IwVQJocwout,IwVQJocwren}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('00cee91a-f715-43e3-ba9b-1c6eab7db9e8', 'bob', 2, '{"_id":{"$uuid":"00cee91a-f715-43e3-ba9b-1c6eab7db9e8"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.688321+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.720592+00:00"},"owner":"bob","title":"bob task 2","description":"about 2","priority_name":"high","tag_list":["work","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.688321+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.720592+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.720592+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"32053b8bae58756e4db835eec52f010f2c2febccd309047c97c782ec0e55b3b1"}', '{"id":"00cee91a-f715-43e3-ba9b-1c6eab7db9e8","title":"bob task 2","description":"about 2","priority":"high","tags":["work","t2"],"due_date":null,"due_time":null,"timezone":"UTC","due_at":null,"recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"completed":true,"completed_at":"2026-12-07T13:14:11.720592Z","created_at":"2026-12-07T13:14:11.688321Z","updated_at":"2026-12-07T13:14:11.720592Z","version":2}', '2026-12-07 13:14:11.688321+00', '2026-12-07 13:14:11.720592+00', NULL, NULL, DEFAULT, DEFAULT, 3, 'bob task 2', true, '{work,t2}', '{bobwork,bobt2}', 'bob task 2
about 2', '{lSDwLX3Iabo,lSDwLX3Iask,lSDwLX3Ibob,lSDwLX3Ibou,lSDwLX3Iout,lSDwLX3Itas}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('181eaa82-2922-487d-8b21-7dbc326f66e2', 'carol', 1, '{"_id":{"$uuid":"181eaa82-2922-487d-8b21-7dbc326f66e2"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"owner":"carol","title":"carol task 3","description":"about 3","priority_name":"low","tag_list":["home","t0"],"timezone":"Europe/Berlin","due_date":"2031-04-13","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.742845+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"ed2fde0b0acf12aeffcbd0dff07d39ddf3d48939f40d7969d298978ccc0c5711"}', '{"id":"181eaa82-2922-487d-8b21-7dbc326f66e2","title":"carol task 3","description":"about 3","priority":"low","tags":["home","t0"],"due_date":"2031-04-13","due_time":"09:00","timezone":"Europe/Berlin","due_at":"2031-04-13T07:00:00Z","recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.742845Z","updated_at":"2026-12-07T13:14:11.742845Z","version":1}', '2026-12-07 13:14:11.742845+00', '2026-12-07 13:14:11.742845+00', '2031-04-13 07:00:00+00', '2031-04-13', DEFAULT, DEFAULT, 1, 'carol task 3', false, '{home,t0}', '{carolhome,carolt0}', 'carol task 3
about 3', '{oNBOg3heabo,oNBOg3hearo,oNBOg3heask,oNBOg3hebou,oNBOg3hecar,oNBOg3heout,oNBOg3herol,oNBOg3hetas}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('8db4016a-af8e-4acb-96f5-304f8d4e73f6', 'alice', 1, '{"_id":{"$uuid":"8db4016a-af8e-4acb-96f5-304f8d4e73f6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"owner":"alice","title":"alice task 5","description":"about 5","priority_name":"high","tag_list":["home","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2031-06-01T08:00:00+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.620386+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"b99898bfc85b2b919e78b28e23616b6c9023e80b0f1e8204afd47e14f47e70d2"}', '{"id":"8db4016a-af8e-4acb-96f5-304f8d4e73f6","title":"alice task 5","description":"about 5","priority":"high","tags":["home","t2"],"due_date":null,"due_time":null,"timezone":"UTC","due_at":null,"recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":"2031-06-01T08:00:00Z","reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.620386Z","updated_at":"2026-12-07T13:14:11.620386Z","version":1}', '2026-12-07 13:14:11.620386+00', '2026-12-07 13:14:11.620386+00', NULL, NULL, DEFAULT, DEFAULT, 3, 'alice task 5', false, '{home,t2}', '{alicehome,alicet2}', 'alice task 5
about 5', '{IwVQJocwabo,IwVQJocwali,IwVQJocwask,IwVQJocwbou,IwVQJocwice,IwVQJocwlic,IwVQJocwout,IwVQJocwtas}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('176280e9-2b4d-48cf-acc4-e5337adb8fee', 'alice', 2, '{"_id":{"$uuid":"176280e9-2b4d-48cf-acc4-e5337adb8fee"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.597033+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.652185+00:00"},"owner":"alice","title":"alice task 2","description":"about 2","priority_name":"high","tag_list":["work","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.597033+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.652185+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.652185+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"9d8b40547a7f909ebdc8a68d62faaa5a0bf27105d29dcea42ce40a173c0f9730"}', '{"id":"176280e9-2b4d-48cf-acc4-e5337adb8fee","title":"alice task 2","description":"about 2","priority":"high","tags":["work","t2"],"due_date":null,"due_time":null,"timezone":"UTC","due_at":null,"recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"completed":true,"completed_at":"2026-12-07T13:14:11.652185Z","created_at":"2026-12-07T13:14:11.597033Z","updated_at":"2026-12-07T13:14:11.652185Z","version":2}', '2026-12-07 13:14:11.597033+00', '2026-12-07 13:14:11.652185+00', NULL, NULL, DEFAULT, DEFAULT, 3, 'alice task 2', true, '{work,t2}', '{alicework,alicet2}', 'alice task 2
about 2', '{IwVQJocwabo,IwVQJocwali,IwVQJocwask,IwVQJocwbou,IwVQJocwice,IwVQJocwlic,IwVQJocwout,IwVQJocwtas}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45', 'carol', 2, '{"_id":{"$uuid":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.746565+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.780621+00:00"},"owner":"carol","title":"carol task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-03","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45"},"occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.746565+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.780621+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.780621+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"b04c3ab12d12a572f4bee16cc26cd3d0981cb48477c41ff354aa593f0f91f0ae"}', '{"id":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45","title":"carol task 4","description":"about 4","priority":"medium","tags":["work","t1"],"due_date":"2031-03-03","due_time":null,"timezone":"UTC","due_at":"2031-03-03T23:59:59Z","recurrence":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule","rrule":"FREQ=WEEKLY;INTERVAL=1;BYDAY=MO"},"recurring":"weekly","series_id":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45","occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"completed":true,"completed_at":"2026-12-07T13:14:11.780621Z","created_at":"2026-12-07T13:14:11.746565Z","updated_at":"2026-12-07T13:14:11.780621Z","version":2}', '2026-12-07 13:14:11.746565+00', '2026-12-07 13:14:11.780621+00', '2031-03-03 23:59:59+00', '2031-03-03', DEFAULT, DEFAULT, 2, 'carol task 4', true, '{work,t1}', '{carolwork,carolt1}', 'carol task 4
about 4', '{oNBOg3heabo,oNBOg3hearo,oNBOg3heask,oNBOg3hebou,oNBOg3hecar,oNBOg3heout,oNBOg3herol,oNBOg3hetas}', '75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45');
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('e0a1273a-28ce-4713-a054-adfcb371a715', 'alice', 2, '{"_id":{"$uuid":"e0a1273a-28ce-4713-a054-adfcb371a715"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.610796+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.661412+00:00"},"owner":"alice","title":"alice task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-03","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"e0a1273a-28ce-4713-a054-adfcb371a715"},"occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.610796+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.661412+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.661412+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"02c48b2c42b7c27ff31f5dabb32186d44f31bef28fa9c94477a15d4f639c5b86"}', '{"id":"e0a1273a-28ce-4713-a054-adfcb371a715","title":"alice task 4","description":"about 4","priority":"medium","tags":["work","t1"],"due_date":"2031-03-03","due_time":null,"timezone":"UTC","due_at":"2031-03-03T23:59:59Z","recurrence":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule","rrule":"FREQ=WEEKLY;INTERVAL=1;BYDAY=MO"},"recurring":"weekly","series_id":"e0a1273a-28ce-4713-a054-adfcb371a715","occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"completed":true,"completed_at":"2026-12-07T13:14:11.661412Z","created_at":"2026-12-07T13:14:11.610796Z","updated_at":"2026-12-07T13:14:11.661412Z","version":2}', '2026-12-07 13:14:11.610796+00', '2026-12-07 13:14:11.661412+00', '2031-03-03 23:59:59+00', '2031-03-03', DEFAULT, DEFAULT, 2, 'alice task 4', true, '{work,t1}', '{alicework,alicet1}', 'alice task 4
about 4', '{IwVQJocwabo,IwVQJocwali,IwVQJocwask,IwVQJocwbou,IwVQJocwice,IwVQJocwlic,IwVQJocwout,IwVQJocwtas}', 'e0a1273a-28ce-4713-a054-adfcb371a715');
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('5c8da0a0-3d4b-4f53-bd3e-592f0ec4a971', 'bob', 1, '{"_id":{"$uuid":"5c8da0a0-3d4b-4f53-bd3e-592f0ec4a971"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"owner":"bob","title":"bob task 0","description":"about 0","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-01-10","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.679079+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"8ba2aa6cdd3eff3dd585e3ac358bf8f4e2986a907302aff38076eefb8baceaf7"}', '{"id":"5c8da0a0-3d4b-4f53-bd3e-592f0ec4a971","title":"bob task 0","description":"about 0","priority":"low","tags":["work","t0"],"due_date":"2031-01-10","due_time":"09:00","timezone":"Europe/Berlin","due_at":"2031-01-10T08:00:00Z","recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.679079Z","updated_at":"2026-12-07T13:14:11.679079Z","version":1}', '2026-12-07 13:14:11.679079+00', '2026-12-07 13:14:11.679079+00', '2031-01-10 08:00:00+00', '2031-01-10', DEFAULT, DEFAULT, 1, 'bob task 0', false, '{work,t0}', '{bobwork,bobt0}', 'bob task 0
about 0', '{lSDwLX3Iabo,lSDwLX3Iask,lSDwLX3Ibob,lSDwLX3Ibou,lSDwLX3Iout,lSDwLX3Itas}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('7e9393fb-ec56-4d02-9e02-d6299033473c', 'bob', 1, '{"_id":{"$uuid":"7e9393fb-ec56-4d02-9e02-d6299033473c"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"owner":"bob","title":"bob task 3","description":"about 3","priority_name":"low","tag_list":["home","t0"],"timezone":"Europe/Berlin","due_date":"2031-04-13","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.693847+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"c706492b0020107c492151c6ab1dee0797172d092bf9c88e4477a7d59f601df1"}', '{"id":"7e9393fb-ec56-4d02-9e02-d6299033473c","title":"bob task 3","description":"about 3","priority":"low","tags":["home","t0"],"due_date":"2031-04-13","due_time":"09:00","timezone":"Europe/Berlin","due_at":"2031-04-13T07:00:00Z","recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.693847Z","updated_at":"2026-12-07T13:14:11.693847Z","version":1}', '2026-12-07 13:14:11.693847+00', '2026-12-07 13:14:11.693847+00', '2031-04-13 07:00:00+00', '2031-04-13', DEFAULT, DEFAULT, 1, 'bob task 3', false, '{home,t0}', '{bobhome,bobt0}', 'bob task 3
about 3', '{lSDwLX3Iabo,lSDwLX3Iask,lSDwLX3Ibob,lSDwLX3Ibou,lSDwLX3Iout,lSDwLX3Itas}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('0252c371-3f1a-52ba-ab9c-2b338cf3b065', 'carol', 1, '{"_id":{"$uuid":"0252c371-3f1a-52ba-ab9c-2b338cf3b065"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"owner":"carol","title":"carol task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-10","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45"},"occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.885159+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"cf16f1f6b38b3600816cf6eb7477d4afafc65ae8985eab613407304b74fa12c1"}', '{"id":"0252c371-3f1a-52ba-ab9c-2b338cf3b065","title":"carol task 4","description":"about 4","priority":"medium","tags":["work","t1"],"due_date":"2031-03-10","due_time":null,"timezone":"UTC","due_at":"2031-03-10T23:59:59Z","recurrence":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule","rrule":"FREQ=WEEKLY;INTERVAL=1;BYDAY=MO"},"recurring":"weekly","series_id":"75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45","occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.885159Z","updated_at":"2026-12-07T13:14:11.885159Z","version":1}', '2026-12-07 13:14:11.885159+00', '2026-12-07 13:14:11.885159+00', '2031-03-10 23:59:59+00', '2031-03-10', DEFAULT, DEFAULT, 2, 'carol task 4', false, '{work,t1}', '{carolwork,carolt1}', 'carol task 4
about 4', '{oNBOg3heabo,oNBOg3hearo,oNBOg3heask,oNBOg3hebou,oNBOg3hecar,oNBOg3heout,oNBOg3herol,oNBOg3hetas}', '75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45');
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('df2c5219-cbfb-4fc2-8a5c-c2bedfb0d8b6', 'bob', 1, '{"_id":{"$uuid":"df2c5219-cbfb-4fc2-8a5c-c2bedfb0d8b6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"owner":"bob","title":"bob task 5","description":"about 5","priority_name":"high","tag_list":["home","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2031-06-01T08:00:00+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.706018+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"68c542bc007b88050fad064a0b7a05d3dbdb86a1bac560c14bcd31037bbe6521"}', '{"id":"df2c5219-cbfb-4fc2-8a5c-c2bedfb0d8b6","title":"bob task 5","description":"about 5","priority":"high","tags":["home","t2"],"due_date":null,"due_time":null,"timezone":"UTC","due_at":null,"recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":"2031-06-01T08:00:00Z","reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.706018Z","updated_at":"2026-12-07T13:14:11.706018Z","version":1}', '2026-12-07 13:14:11.706018+00', '2026-12-07 13:14:11.706018+00', NULL, NULL, DEFAULT, DEFAULT, 3, 'bob task 5', false, '{home,t2}', '{bobhome,bobt2}', 'bob task 5
about 5', '{lSDwLX3Iabo,lSDwLX3Iask,lSDwLX3Ibob,lSDwLX3Ibou,lSDwLX3Iout,lSDwLX3Itas}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('82dee670-222d-4768-9629-0fecd78e7f1d', 'bob', 3, '{"_id":{"$uuid":"82dee670-222d-4768-9629-0fecd78e7f1d"},"_version":3,"_created_on":{"$dt":"2026-12-07T13:14:11.684662+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.715897+00:00"},"owner":"bob","title":"bob renamed","description":"about 1","priority_name":"high","tag_list":["home","t1"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.684662+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.715897+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"262306183786a20da3715b71b1aa995d1a2b2523608ea2c3c4155f9f284da9ed"}', '{"id":"82dee670-222d-4768-9629-0fecd78e7f1d","title":"bob renamed","description":"about 1","priority":"high","tags":["home","t1"],"due_date":null,"due_time":null,"timezone":"UTC","due_at":null,"recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.684662Z","updated_at":"2026-12-07T13:14:11.715897Z","version":3}', '2026-12-07 13:14:11.684662+00', '2026-12-07 13:14:11.715897+00', NULL, NULL, DEFAULT, DEFAULT, 3, 'bob renamed', false, '{home,t1}', '{bobhome,bobt1}', 'bob renamed
about 1', '{lSDwLX3Iabo,lSDwLX3Iame,lSDwLX3Ibob,lSDwLX3Ibou,lSDwLX3Iena,lSDwLX3Imed,lSDwLX3Inam,lSDwLX3Iout,lSDwLX3Iren}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('6b48a81b-fedb-513e-b99d-bc4bae8ac9e8', 'bob', 1, '{"_id":{"$uuid":"6b48a81b-fedb-513e-b99d-bc4bae8ac9e8"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"owner":"bob","title":"bob task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-10","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"56645b13-f1b2-44e6-bc57-2c562debe0fa"},"occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.883210+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"020c29dedbd72d4a4fd2765f46d52075f37102d3539d298acb86950306b33278"}', '{"id":"6b48a81b-fedb-513e-b99d-bc4bae8ac9e8","title":"bob task 4","description":"about 4","priority":"medium","tags":["work","t1"],"due_date":"2031-03-10","due_time":null,"timezone":"UTC","due_at":"2031-03-10T23:59:59Z","recurrence":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule","rrule":"FREQ=WEEKLY;INTERVAL=1;BYDAY=MO"},"recurring":"weekly","series_id":"56645b13-f1b2-44e6-bc57-2c562debe0fa","occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.883210Z","updated_at":"2026-12-07T13:14:11.883210Z","version":1}', '2026-12-07 13:14:11.88321+00', '2026-12-07 13:14:11.88321+00', '2031-03-10 23:59:59+00', '2031-03-10', DEFAULT, DEFAULT, 2, 'bob task 4', false, '{work,t1}', '{bobwork,bobt1}', 'bob task 4
about 4', '{lSDwLX3Iabo,lSDwLX3Iask,lSDwLX3Ibob,lSDwLX3Ibou,lSDwLX3Iout,lSDwLX3Itas}', '56645b13-f1b2-44e6-bc57-2c562debe0fa');
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('56645b13-f1b2-44e6-bc57-2c562debe0fa', 'bob', 2, '{"_id":{"$uuid":"56645b13-f1b2-44e6-bc57-2c562debe0fa"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.701039+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.727241+00:00"},"owner":"bob","title":"bob task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-03","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"56645b13-f1b2-44e6-bc57-2c562debe0fa"},"occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.701039+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.727241+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.727241+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"80d6277072502d409564789aae2adab236f28dbcb0e8261d607c489da409cbca"}', '{"id":"56645b13-f1b2-44e6-bc57-2c562debe0fa","title":"bob task 4","description":"about 4","priority":"medium","tags":["work","t1"],"due_date":"2031-03-03","due_time":null,"timezone":"UTC","due_at":"2031-03-03T23:59:59Z","recurrence":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule","rrule":"FREQ=WEEKLY;INTERVAL=1;BYDAY=MO"},"recurring":"weekly","series_id":"56645b13-f1b2-44e6-bc57-2c562debe0fa","occurrence":1,"reminder_at":null,"reminder_minutes_before":null,"completed":true,"completed_at":"2026-12-07T13:14:11.727241Z","created_at":"2026-12-07T13:14:11.701039Z","updated_at":"2026-12-07T13:14:11.727241Z","version":2}', '2026-12-07 13:14:11.701039+00', '2026-12-07 13:14:11.727241+00', '2031-03-03 23:59:59+00', '2031-03-03', DEFAULT, DEFAULT, 2, 'bob task 4', true, '{work,t1}', '{bobwork,bobt1}', 'bob task 4
about 4', '{lSDwLX3Iabo,lSDwLX3Iask,lSDwLX3Ibob,lSDwLX3Ibou,lSDwLX3Iout,lSDwLX3Itas}', '56645b13-f1b2-44e6-bc57-2c562debe0fa');
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('2829dc79-9362-46da-ba5a-54217ae171b5', 'carol', 1, '{"_id":{"$uuid":"2829dc79-9362-46da-ba5a-54217ae171b5"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"owner":"carol","title":"carol task 0","description":"about 0","priority_name":"low","tag_list":["work","t0"],"timezone":"Europe/Berlin","due_date":"2031-01-10","due_time":"09:00","recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.734466+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"c06dac90db717dff7fbf7efd062e10838f9512e4f69186023f85a0d4bef007e8"}', '{"id":"2829dc79-9362-46da-ba5a-54217ae171b5","title":"carol task 0","description":"about 0","priority":"low","tags":["work","t0"],"due_date":"2031-01-10","due_time":"09:00","timezone":"Europe/Berlin","due_at":"2031-01-10T08:00:00Z","recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.734466Z","updated_at":"2026-12-07T13:14:11.734466Z","version":1}', '2026-12-07 13:14:11.734466+00', '2026-12-07 13:14:11.734466+00', '2031-01-10 08:00:00+00', '2031-01-10', DEFAULT, DEFAULT, 1, 'carol task 0', false, '{work,t0}', '{carolwork,carolt0}', 'carol task 0
about 0', '{oNBOg3heabo,oNBOg3hearo,oNBOg3heask,oNBOg3hebou,oNBOg3hecar,oNBOg3heout,oNBOg3herol,oNBOg3hetas}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('8ca2f12c-c9ac-48af-b569-975e2a88744e', 'carol', 2, '{"_id":{"$uuid":"8ca2f12c-c9ac-48af-b569-975e2a88744e"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.740039+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.774338+00:00"},"owner":"carol","title":"carol task 2","description":"about 2","priority_name":"high","tag_list":["work","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.740039+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.774338+00:00"},"completed_at":{"$dt":"2026-12-07T13:14:11.774338+00:00"},"deleted":false,"last_reminder_fired":null,"chain_head":"177a9b4ba4e76848cc998aaf12b1ece3a25bcefdff6601b84597c98b9fb71674"}', '{"id":"8ca2f12c-c9ac-48af-b569-975e2a88744e","title":"carol task 2","description":"about 2","priority":"high","tags":["work","t2"],"due_date":null,"due_time":null,"timezone":"UTC","due_at":null,"recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"completed":true,"completed_at":"2026-12-07T13:14:11.774338Z","created_at":"2026-12-07T13:14:11.740039Z","updated_at":"2026-12-07T13:14:11.774338Z","version":2}', '2026-12-07 13:14:11.740039+00', '2026-12-07 13:14:11.774338+00', NULL, NULL, DEFAULT, DEFAULT, 3, 'carol task 2', true, '{work,t2}', '{carolwork,carolt2}', 'carol task 2
about 2', '{oNBOg3heabo,oNBOg3hearo,oNBOg3heask,oNBOg3hebou,oNBOg3hecar,oNBOg3heout,oNBOg3herol,oNBOg3hetas}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('8fb63255-0780-474f-8b8c-994c08e78132', 'alice', 2, '{"_id":{"$uuid":"8fb63255-0780-474f-8b8c-994c08e78132"},"_version":2,"_created_on":{"$dt":"2026-12-07T13:14:11.787951+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:26.023582+00:00"},"owner":"alice","title":"call mum","description":null,"priority_name":"high","tag_list":[],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2026-12-07T13:14:26+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.787951+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.787951+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":{"$dt":"2026-12-07T13:14:26+00:00"},"chain_head":"079e8f2947a3059fd049cdba198b791347927a75ac401f81d60bc1ee2d0c1634"}', '{"id":"8fb63255-0780-474f-8b8c-994c08e78132","title":"call mum","description":null,"priority":"high","tags":[],"due_date":null,"due_time":null,"timezone":"UTC","due_at":null,"recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":"2026-12-07T13:14:26Z","reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.787951Z","updated_at":"2026-12-07T13:14:11.787951Z","version":2}', '2026-12-07 13:14:11.787951+00', '2026-12-07 13:14:11.787951+00', NULL, NULL, DEFAULT, DEFAULT, 3, 'call mum', false, '{}', '{}', 'call mum
', '{IwVQJocwall,IwVQJocwcal,IwVQJocwmum}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('b86f0dd5-eadd-49a2-894d-e6fdf1c642ff', 'carol', 1, '{"_id":{"$uuid":"b86f0dd5-eadd-49a2-894d-e6fdf1c642ff"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"owner":"carol","title":"carol task 5","description":"about 5","priority_name":"high","tag_list":["home","t2"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":{"$dt":"2031-06-01T08:00:00+00:00"},"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.758594+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"8803f29b0e1e1b9b9312e47381b3b23f10d5525727f67e168ca224c2439d9e08"}', '{"id":"b86f0dd5-eadd-49a2-894d-e6fdf1c642ff","title":"carol task 5","description":"about 5","priority":"high","tags":["home","t2"],"due_date":null,"due_time":null,"timezone":"UTC","due_at":null,"recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":"2031-06-01T08:00:00Z","reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.758594Z","updated_at":"2026-12-07T13:14:11.758594Z","version":1}', '2026-12-07 13:14:11.758594+00', '2026-12-07 13:14:11.758594+00', NULL, NULL, DEFAULT, DEFAULT, 3, 'carol task 5', false, '{home,t2}', '{carolhome,carolt2}', 'carol task 5
about 5', '{oNBOg3heabo,oNBOg3hearo,oNBOg3heask,oNBOg3hebou,oNBOg3hecar,oNBOg3heout,oNBOg3herol,oNBOg3hetas}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('1b186e7a-b773-4363-a08c-69d0ed989505', 'carol', 3, '{"_id":{"$uuid":"1b186e7a-b773-4363-a08c-69d0ed989505"},"_version":3,"_created_on":{"$dt":"2026-12-07T13:14:11.737383+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.769065+00:00"},"owner":"carol","title":"carol renamed","description":"about 1","priority_name":"high","tag_list":["home","t1"],"timezone":"UTC","due_date":null,"due_time":null,"recurrence_data":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.737383+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.769065+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"89620b73ebb31c51eb85f84a0ae20a0447e0efbc8e59efe97f3320c257812087"}', '{"id":"1b186e7a-b773-4363-a08c-69d0ed989505","title":"carol renamed","description":"about 1","priority":"high","tags":["home","t1"],"due_date":null,"due_time":null,"timezone":"UTC","due_at":null,"recurrence":null,"recurring":null,"series_id":null,"occurrence":null,"reminder_at":null,"reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.737383Z","updated_at":"2026-12-07T13:14:11.769065Z","version":3}', '2026-12-07 13:14:11.737383+00', '2026-12-07 13:14:11.769065+00', NULL, NULL, DEFAULT, DEFAULT, 3, 'carol renamed', false, '{home,t1}', '{carolhome,carolt1}', 'carol renamed
about 1', '{oNBOg3heabo,oNBOg3heame,oNBOg3hearo,oNBOg3hebou,oNBOg3hecar,oNBOg3heena,oNBOg3hemed,oNBOg3henam,oNBOg3heout,oNBOg3heren,oNBOg3herol}', NULL);
INSERT INTO __SCHEMA__.task_list_v1 VALUES ('2554760d-d3e0-5783-a632-6cee9e357ef6', 'alice', 1, '{"_id":{"$uuid":"2554760d-d3e0-5783-a632-6cee9e357ef6"},"_version":1,"_created_on":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"_modified_on":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"owner":"alice","title":"alice task 4","description":"about 4","priority_name":"medium","tag_list":["work","t1"],"timezone":"UTC","due_date":"2031-03-10","due_time":null,"recurrence_data":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule"},"series_id":{"$uuid":"e0a1273a-28ce-4713-a054-adfcb371a715"},"occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"created_at":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"updated_at":{"$dt":"2026-12-07T13:14:11.879741+00:00"},"completed_at":null,"deleted":false,"last_reminder_fired":null,"chain_head":"3a6cad3b472e4fa15281cf62774b3e2ba417084fec30a12a2473bcec5724ad5e"}', '{"id":"2554760d-d3e0-5783-a632-6cee9e357ef6","title":"alice task 4","description":"about 4","priority":"medium","tags":["work","t1"],"due_date":"2031-03-10","due_time":null,"timezone":"UTC","due_at":"2031-03-10T23:59:59Z","recurrence":{"frequency":"weekly","interval":1,"by_weekday":["MO"],"by_month_day":null,"count":null,"until":null,"mode":"schedule","rrule":"FREQ=WEEKLY;INTERVAL=1;BYDAY=MO"},"recurring":"weekly","series_id":"e0a1273a-28ce-4713-a054-adfcb371a715","occurrence":2,"reminder_at":null,"reminder_minutes_before":null,"completed":false,"completed_at":null,"created_at":"2026-12-07T13:14:11.879741Z","updated_at":"2026-12-07T13:14:11.879741Z","version":1}', '2026-12-07 13:14:11.879741+00', '2026-12-07 13:14:11.879741+00', '2031-03-10 23:59:59+00', '2031-03-10', DEFAULT, DEFAULT, 2, 'alice task 4', false, '{work,t1}', '{alicework,alicet1}', 'alice task 4
about 4', '{IwVQJocwabo,IwVQJocwali,IwVQJocwask,IwVQJocwbou,IwVQJocwice,IwVQJocwlic,IwVQJocwout,IwVQJocwtas}', 'e0a1273a-28ce-4713-a054-adfcb371a715');


--
-- Data for Name: task_list_v1_tracking; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.task_list_v1_tracking VALUES ('__migration__', 1);
INSERT INTO __SCHEMA__.task_list_v1_tracking VALUES ('Tasklog', 41);


--
-- Data for Name: tasklog_events; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--

INSERT INTO __SCHEMA__.tasklog_events VALUES ('0d5ac31b-487f-4b01-b2ad-bf77409269b6', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3536373735332b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a223837663033616430353436383436633261356166646166303735653865323132222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2230316565393836333961653363363733336363306264663633633362623437643765313462356638316330626331343862306533323463376133643537383238222c226f776e6572223a22616c696365222c227469746c65223a22616c696365207461736b2030222c226465736372697074696f6e223a2261626f75742030222c227072696f72697479223a226c6f77222c2274616773223a5b22776f726b222c227430225d2c226475655f64617465223a22323033312d30312d3130222c226475655f74696d65223a2230393a3030222c2274696d657a6f6e65223a224575726f70652f4265726c696e222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 1);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('22c9f162-9268-4db9-ae0f-45874de99ed8', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3538353437342b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a223136646135653761366463333463666261336362616565383862653434323738222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2235356163653536613135626366313839346139313130633339663834333164386136643335366239373832623436633939396666643632636130393737396637222c226f776e6572223a22616c696365222c227469746c65223a22616c696365207461736b2031222c226465736372697074696f6e223a2261626f75742031222c227072696f72697479223a226d656469756d222c2274616773223a5b22686f6d65222c227431225d2c226475655f64617465223a6e756c6c2c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 2);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('176280e9-2b4d-48cf-acc4-e5337adb8fee', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3539373033332b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a223931333238306331653736303463633761336230306634353236333039633564222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2265643431653431633361343965393461633466663861666562663933336333316262343637333862386430303361613739396438663736666433373361333861222c226f776e6572223a22616c696365222c227469746c65223a22616c696365207461736b2032222c226465736372697074696f6e223a2261626f75742032222c227072696f72697479223a2268696768222c2274616773223a5b22776f726b222c227432225d2c226475655f64617465223a6e756c6c2c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 3);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('ca3716ba-ee31-423b-8225-2d5c5a2ea9df', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3630333937302b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a223262363732336162626639653433343062613831666265663530386135306465222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2262376264656531643532346164333333656436333761373439323438656466393231333764643636343232653531343331363163373165636137343832653161222c226f776e6572223a22616c696365222c227469746c65223a22616c696365207461736b2033222c226465736372697074696f6e223a2261626f75742033222c227072696f72697479223a226c6f77222c2274616773223a5b22686f6d65222c227430225d2c226475655f64617465223a22323033312d30342d3133222c226475655f74696d65223a2230393a3030222c2274696d657a6f6e65223a224575726f70652f4265726c696e222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 4);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('e0a1273a-28ce-4713-a054-adfcb371a715', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3631303739362b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a223030366261396635373930353461326138626135393163396639633336323435222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2232386664383362323966393330616233663433373064376535396435623138383963616538623938656561336237633662303433636432323831336235636131222c226f776e6572223a22616c696365222c227469746c65223a22616c696365207461736b2034222c226465736372697074696f6e223a2261626f75742034222c227072696f72697479223a226d656469756d222c2274616773223a5b22776f726b222c227431225d2c226475655f64617465223a22323033312d30332d3033222c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a7b226672657175656e6379223a227765656b6c79222c22696e74657276616c223a312c2262795f7765656b646179223a5b224d4f225d2c2262795f6d6f6e74685f646179223a6e756c6c2c22636f756e74223a6e756c6c2c22756e74696c223a6e756c6c2c226d6f6465223a227363686564756c65227d2c227365726965735f6964223a7b225f747970655f223a22757569645f686578222c225f646174615f223a226530613132373361323863653437313361303534616466636233373161373135227d2c226f6363757272656e6365223a312c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 5);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('8db4016a-af8e-4acb-96f5-304f8d4e73f6', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3632303338362b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a223263366666373333356335353430623662613366613432643934376534613066222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2262393938393862666338356232623931396537386232386532333631366236633930323365383062306631653832303461666434376531346634376537306432222c226f776e6572223a22616c696365222c227469746c65223a22616c696365207461736b2035222c226465736372697074696f6e223a2261626f75742035222c227072696f72697479223a2268696768222c2274616773223a5b22686f6d65222c227432225d2c226475655f64617465223a6e756c6c2c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323033312d30362d30315430383a30303a30302b30303a3030227d2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 6);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('b4ae9ecd-b160-498a-8067-8f4d57dbc935', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3632363831362b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a223764376335343366633833373430393861326566656232613161343139656639222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2261353039636366396134613539613038613531323433386632633939363530393635653433343032653435616338353933323134326662333936656165373232222c226f776e6572223a22616c696365222c227469746c65223a22616c696365207461736b2036222c226465736372697074696f6e223a2261626f75742036222c227072696f72697479223a226c6f77222c2274616773223a5b22776f726b222c227430225d2c226475655f64617465223a22323033312d30372d3136222c226475655f74696d65223a2230393a3030222c2274696d657a6f6e65223a224575726f70652f4265726c696e222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 7);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('22c9f162-9268-4db9-ae0f-45874de99ed8', 2, 'domain.task:Task.TitleChanged', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3633393732312b30303a3030227d2c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a223034366131663364333737643431373961323433333261336632313538366435222c22707265765f68617368223a2235356163653536613135626366313839346139313130633339663834333164386136643335366239373832623436633939396666643632636130393737396637222c2268617368223a2237663434386332313365383036313333623436376136333436383864303434323536373463336133663034656537646534303134633061646531376337623539222c227469746c65223a22616c6963652072656e616d6564227d', 8);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('22c9f162-9268-4db9-ae0f-45874de99ed8', 3, 'domain.task:Task.PriorityChanged', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3633393732312b30303a3030227d2c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a223034366131663364333737643431373961323433333261336632313538366435222c22707265765f68617368223a2237663434386332313365383036313333623436376136333436383864303434323536373463336133663034656537646534303134633061646531376337623539222c2268617368223a2264363135666337376536613230373061623035333133383839616566656366326631643234663661303463333963633536363535666462663966383730396133222c227072696f72697479223a2268696768227d', 9);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('176280e9-2b4d-48cf-acc4-e5337adb8fee', 2, 'domain.task:Task.Completed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3635323138352b30303a3030227d2c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a226230376632313135313166373434343662356138346663633563643736383337222c22707265765f68617368223a2265643431653431633361343965393461633466663861666562663933336333316262343637333862386430303361613739396438663736666433373361333861222c2268617368223a2239643862343035343761376639303965626463386136386436326661616135613062663237313035643239646365613432636534306131373363306639373330227d', 10);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('e0a1273a-28ce-4713-a054-adfcb371a715', 2, 'domain.task:Task.Completed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3636313431322b30303a3030227d2c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a223033343863366266343432393432303661323730363566613438393062366230222c22707265765f68617368223a2232386664383362323966393330616233663433373064376535396435623138383963616538623938656561336237633662303433636432323831336235636131222c2268617368223a2230326334386232633432623763323766663331663564616262333231383664343466333162656632386661396339343437376131356434663633396335623836227d', 11);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('b4ae9ecd-b160-498a-8067-8f4d57dbc935', 2, 'domain.task:Task.Deleted', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3636393830332b30303a3030227d2c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a223565336337326235636262353430646461356531366436383135656261646434222c22707265765f68617368223a2261353039636366396134613539613038613531323433386632633939363530393635653433343032653435616338353933323134326662333936656165373232222c2268617368223a2263633835366263383339663638373363396132313264336664333630333833363164363431313034656665313333663361373938626363316231613966353961227d', 12);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('5c8da0a0-3d4b-4f53-bd3e-592f0ec4a971', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3637393037392b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22626f62222c22636f7272656c6174696f6e5f6964223a226530363136363464363663663434386438376634376139383864343261376433222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2238626132616136636464336566663364643538356533616333353862663866346532393836613930373330326166663338303736656566623862616365616637222c226f776e6572223a22626f62222c227469746c65223a22626f62207461736b2030222c226465736372697074696f6e223a2261626f75742030222c227072696f72697479223a226c6f77222c2274616773223a5b22776f726b222c227430225d2c226475655f64617465223a22323033312d30312d3130222c226475655f74696d65223a2230393a3030222c2274696d657a6f6e65223a224575726f70652f4265726c696e222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 13);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('82dee670-222d-4768-9629-0fecd78e7f1d', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3638343636322b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22626f62222c22636f7272656c6174696f6e5f6964223a226236343161353434626234323438346362326532336263376335366331373337222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2265613462376434656439336464633531653637663339376461643836366239643035323238636463326332366462613433663763613831623862346137383939222c226f776e6572223a22626f62222c227469746c65223a22626f62207461736b2031222c226465736372697074696f6e223a2261626f75742031222c227072696f72697479223a226d656469756d222c2274616773223a5b22686f6d65222c227431225d2c226475655f64617465223a6e756c6c2c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 14);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('00cee91a-f715-43e3-ba9b-1c6eab7db9e8', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3638383332312b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22626f62222c22636f7272656c6174696f6e5f6964223a226235313438303663643165623432393539386433653534616562663764333631222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2230336265306631646662323432336235643034386136653431656232633036343439643864303639303732303962353232396132366261363232303437336362222c226f776e6572223a22626f62222c227469746c65223a22626f62207461736b2032222c226465736372697074696f6e223a2261626f75742032222c227072696f72697479223a2268696768222c2274616773223a5b22776f726b222c227432225d2c226475655f64617465223a6e756c6c2c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 15);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('00cee91a-f715-43e3-ba9b-1c6eab7db9e8', 2, 'domain.task:Task.Completed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3732303539322b30303a3030227d2c226163746f72223a22626f62222c22636f7272656c6174696f6e5f6964223a226633383462303830303633353436386561323531623731663763363637653830222c22707265765f68617368223a2230336265306631646662323432336235643034386136653431656232633036343439643864303639303732303962353232396132366261363232303437336362222c2268617368223a2233323035336238626165353837353665346462383335656563353266303130663263326665626363643330393034376339376337383265633065353562336231227d', 22);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3734363536352b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a226361726f6c222c22636f7272656c6174696f6e5f6964223a223238386539656135653331323465303038373537383062616436376565633136222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2235366263366662646162383534643934363935336431356132396339333639306436633066623535393832323537613261353865343662353736323061616437222c226f776e6572223a226361726f6c222c227469746c65223a226361726f6c207461736b2034222c226465736372697074696f6e223a2261626f75742034222c227072696f72697479223a226d656469756d222c2274616773223a5b22776f726b222c227431225d2c226475655f64617465223a22323033312d30332d3033222c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a7b226672657175656e6379223a227765656b6c79222c22696e74657276616c223a312c2262795f7765656b646179223a5b224d4f225d2c2262795f6d6f6e74685f646179223a6e756c6c2c22636f756e74223a6e756c6c2c22756e74696c223a6e756c6c2c226d6f6465223a227363686564756c65227d2c227365726965735f6964223a7b225f747970655f223a22757569645f686578222c225f646174615f223a223735626666653464623537663461623162633230656538336130666236643435227d2c226f6363757272656e6365223a312c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 29);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('b86f0dd5-eadd-49a2-894d-e6fdf1c642ff', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3735383539342b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a226361726f6c222c22636f7272656c6174696f6e5f6964223a223563323536623835383339353437613162326464663330306565663639366664222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2238383033663239623065316531623962393331326534373338316233623233663130643535323537323766363765313638636132323463323433396439653038222c226f776e6572223a226361726f6c222c227469746c65223a226361726f6c207461736b2035222c226465736372697074696f6e223a2261626f75742035222c227072696f72697479223a2268696768222c2274616773223a5b22686f6d65222c227432225d2c226475655f64617465223a6e756c6c2c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323033312d30362d30315430383a30303a30302b30303a3030227d2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 30);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('75bffe4d-b57f-4ab1-bc20-ee83a0fb6d45', 2, 'domain.task:Task.Completed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3738303632312b30303a3030227d2c226163746f72223a226361726f6c222c22636f7272656c6174696f6e5f6964223a223133303036376536353239643434353962353331616534643061653663353739222c22707265765f68617368223a2235366263366662646162383534643934363935336431356132396339333639306436633066623535393832323537613261353865343662353736323061616437222c2268617368223a2262303463336162313264313261353732663462656531366363323663643364303938316362343834373763343166663335346161353933663066393166306165227d', 35);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('7e9393fb-ec56-4d02-9e02-d6299033473c', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3639333834372b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22626f62222c22636f7272656c6174696f6e5f6964223a223333386563303666323861373464356438636435373563346263613038346330222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2263373036343932623030323031303763343932313531633661623164656530373937313732643039326266396338386534343737613764353966363031646631222c226f776e6572223a22626f62222c227469746c65223a22626f62207461736b2033222c226465736372697074696f6e223a2261626f75742033222c227072696f72697479223a226c6f77222c2274616773223a5b22686f6d65222c227430225d2c226475655f64617465223a22323033312d30342d3133222c226475655f74696d65223a2230393a3030222c2274696d657a6f6e65223a224575726f70652f4265726c696e222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 16);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('7c73c0a3-f9df-4dac-a441-37cd3bfc82da', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3736343134352b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a226361726f6c222c22636f7272656c6174696f6e5f6964223a223136653931373661663036633462363339333631636661336662393736663534222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2266356133373036313336333736346463663665303937643564633331666438643035656163386461333631323164346137323166386537306337313830633031222c226f776e6572223a226361726f6c222c227469746c65223a226361726f6c207461736b2036222c226465736372697074696f6e223a2261626f75742036222c227072696f72697479223a226c6f77222c2274616773223a5b22776f726b222c227430225d2c226475655f64617465223a22323033312d30372d3136222c226475655f74696d65223a2230393a3030222c2274696d657a6f6e65223a224575726f70652f4265726c696e222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 31);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('56645b13-f1b2-44e6-bc57-2c562debe0fa', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3730313033392b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22626f62222c22636f7272656c6174696f6e5f6964223a223330313966373539666164623431386639303866636230666131613538323263222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2235306434333639306361333736316439613663633964363836353339323330323763333331323764613966336564656134663864323863313962313335326164222c226f776e6572223a22626f62222c227469746c65223a22626f62207461736b2034222c226465736372697074696f6e223a2261626f75742034222c227072696f72697479223a226d656469756d222c2274616773223a5b22776f726b222c227431225d2c226475655f64617465223a22323033312d30332d3033222c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a7b226672657175656e6379223a227765656b6c79222c22696e74657276616c223a312c2262795f7765656b646179223a5b224d4f225d2c2262795f6d6f6e74685f646179223a6e756c6c2c22636f756e74223a6e756c6c2c22756e74696c223a6e756c6c2c226d6f6465223a227363686564756c65227d2c227365726965735f6964223a7b225f747970655f223a22757569645f686578222c225f646174615f223a223536363435623133663162323434653662633537326335363264656265306661227d2c226f6363757272656e6365223a312c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 17);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('56645b13-f1b2-44e6-bc57-2c562debe0fa', 2, 'domain.task:Task.Completed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3732373234312b30303a3030227d2c226163746f72223a22626f62222c22636f7272656c6174696f6e5f6964223a226635653064306162313532393463353139386563663862356466353164343730222c22707265765f68617368223a2235306434333639306361333736316439613663633964363836353339323330323763333331323764613966336564656134663864323863313962313335326164222c2268617368223a2238306436323737303732353032643430393536343738396161653261646162323336663238646263623065383236316436303763343839646134303963626361227d', 23);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('7c73c0a3-f9df-4dac-a441-37cd3bfc82da', 2, 'domain.task:Task.Deleted', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3738343738332b30303a3030227d2c226163746f72223a226361726f6c222c22636f7272656c6174696f6e5f6964223a223431663136376536613565313435616661653665643731343465666139363662222c22707265765f68617368223a2266356133373036313336333736346463663665303937643564633331666438643035656163386461333631323164346137323166386537306337313830633031222c2268617368223a2264383764373364383536633039643562643630393532386236363837373937623936656333666334333462306535613434636438343330303336663339333133227d', 36);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('df2c5219-cbfb-4fc2-8a5c-c2bedfb0d8b6', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3730363031382b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22626f62222c22636f7272656c6174696f6e5f6964223a223632343362333461313835383466663439613838616533376438353831376232222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2236386335343262633030376238383035306661643036346130623761303564336462646238366131626163353630633134626364333130333762626536353231222c226f776e6572223a22626f62222c227469746c65223a22626f62207461736b2035222c226465736372697074696f6e223a2261626f75742035222c227072696f72697479223a2268696768222c2274616773223a5b22686f6d65222c227432225d2c226475655f64617465223a6e756c6c2c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323033312d30362d30315430383a30303a30302b30303a3030227d2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 18);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('8fb63255-0780-474f-8b8c-994c08e78132', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3738373935312b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22616c696365222c22636f7272656c6174696f6e5f6964223a223062353534396265313563353435386562633930633031313835323932373234222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2264323430666232356430303239643738323139366637306635333363323937313639366439616132366262313665616164353365326539653165363563626166222c226f776e6572223a22616c696365222c227469746c65223a2263616c6c206d756d222c226465736372697074696f6e223a6e756c6c2c227072696f72697479223a2268696768222c2274616773223a5b5d2c226475655f64617465223a6e756c6c2c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a32362b30303a3030227d2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 37);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('4b248b8e-4053-4f0c-a7b3-9981b5c4a1e5', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3731303137322b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a22626f62222c22636f7272656c6174696f6e5f6964223a223732616263663666616131373434613961623962343961656564643234346166222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2232373032333936393734333635656237333764333937643864376237316562353234303034343436626131666236336638313564616237353138666162386166222c226f776e6572223a22626f62222c227469746c65223a22626f62207461736b2036222c226465736372697074696f6e223a2261626f75742036222c227072696f72697479223a226c6f77222c2274616773223a5b22776f726b222c227430225d2c226475655f64617465223a22323033312d30372d3136222c226475655f74696d65223a2230393a3030222c2274696d657a6f6e65223a224575726f70652f4265726c696e222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 19);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('1b186e7a-b773-4363-a08c-69d0ed989505', 2, 'domain.task:Task.TitleChanged', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3736393036352b30303a3030227d2c226163746f72223a226361726f6c222c22636f7272656c6174696f6e5f6964223a223332623135636236313465633438393161366636373665373034333436383138222c22707265765f68617368223a2233623839363563306365356363376339323638313836666139646139356465393434323833306365633965353365633832326233373930383963386666316332222c2268617368223a2262383536336264323037623337366239393832393265393663343166373762646561613131343638356362393466306162326334333333643335616465353933222c227469746c65223a226361726f6c2072656e616d6564227d', 32);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('1b186e7a-b773-4363-a08c-69d0ed989505', 3, 'domain.task:Task.PriorityChanged', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3736393036352b30303a3030227d2c226163746f72223a226361726f6c222c22636f7272656c6174696f6e5f6964223a223332623135636236313465633438393161366636373665373034333436383138222c22707265765f68617368223a2262383536336264323037623337366239393832393265393663343166373762646561613131343638356362393466306162326334333333643335616465353933222c2268617368223a2238393632306237336562623331633531656238356638346130616532306130343437653065666263386535396566653937663333323063323537383132303837222c227072696f72697479223a2268696768227d', 33);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('82dee670-222d-4768-9629-0fecd78e7f1d', 2, 'domain.task:Task.TitleChanged', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3731353839372b30303a3030227d2c226163746f72223a22626f62222c22636f7272656c6174696f6e5f6964223a223461656238363734373438363464373438336565393265313334356564633465222c22707265765f68617368223a2265613462376434656439336464633531653637663339376461643836366239643035323238636463326332366462613433663763613831623862346137383939222c2268617368223a2263646263393137353539313432356264623730653739353166633430663433336336353665323438666232333832313462636537353531643537376536613063222c227469746c65223a22626f622072656e616d6564227d', 20);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('82dee670-222d-4768-9629-0fecd78e7f1d', 3, 'domain.task:Task.PriorityChanged', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3731353839372b30303a3030227d2c226163746f72223a22626f62222c22636f7272656c6174696f6e5f6964223a223461656238363734373438363464373438336565393265313334356564633465222c22707265765f68617368223a2263646263393137353539313432356264623730653739353166633430663433336336353665323438666232333832313462636537353531643537376536613063222c2268617368223a2232363233303631383337383661323064613337313562373162316161393935643161326232353233363038656132633363343135356639663238346461396564222c227072696f72697479223a2268696768227d', 21);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('1b186e7a-b773-4363-a08c-69d0ed989505', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3733373338332b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a226361726f6c222c22636f7272656c6174696f6e5f6964223a226636336464373564363836393462363538313737623265643434396436636231222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2233623839363563306365356363376339323638313836666139646139356465393434323833306365633965353365633832326233373930383963386666316332222c226f776e6572223a226361726f6c222c227469746c65223a226361726f6c207461736b2031222c226465736372697074696f6e223a2261626f75742031222c227072696f72697479223a226d656469756d222c2274616773223a5b22686f6d65222c227431225d2c226475655f64617465223a6e756c6c2c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 26);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('8ca2f12c-c9ac-48af-b569-975e2a88744e', 2, 'domain.task:Task.Completed', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3737343333382b30303a3030227d2c226163746f72223a226361726f6c222c22636f7272656c6174696f6e5f6964223a223766323635633530633465623433396262323531343231323336646535373063222c22707265765f68617368223a2238303161616264363830383735323061626131623434303864333462663363373664626634313564363832346465363864663839653235383163646330663336222c2268617368223a2231373761396234626134653736383438636339393861616631326231656365336132356263656664666636363031623834353937633938623966623731363734227d', 34);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('4b248b8e-4053-4f0c-a7b3-9981b5c4a1e5', 2, 'domain.task:Task.Deleted', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3733313233362b30303a3030227d2c226163746f72223a22626f62222c22636f7272656c6174696f6e5f6964223a226663666361363261363036333461623838356636303034306162316562313964222c22707265765f68617368223a2232373032333936393734333635656237333764333937643864376237316562353234303034343436626131666236336638313564616237353138666162386166222c2268617368223a2233306663656636326465313762316336643935333930633734343736326534666631396237653565396538623462346538373731383462623061303338383665227d', 24);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('2829dc79-9362-46da-ba5a-54217ae171b5', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3733343436362b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a226361726f6c222c22636f7272656c6174696f6e5f6964223a226264623461633365653466323464316261333736363433363732353461336333222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2263303664616339306462373137646666376662663765666430363265313038333866393531326534663639313836303233663835613064346265663030376538222c226f776e6572223a226361726f6c222c227469746c65223a226361726f6c207461736b2030222c226465736372697074696f6e223a2261626f75742030222c227072696f72697479223a226c6f77222c2274616773223a5b22776f726b222c227430225d2c226475655f64617465223a22323033312d30312d3130222c226475655f74696d65223a2230393a3030222c2274696d657a6f6e65223a224575726f70652f4265726c696e222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 25);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('8ca2f12c-c9ac-48af-b569-975e2a88744e', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3734303033392b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a226361726f6c222c22636f7272656c6174696f6e5f6964223a223065373865383039313861653439633138623930383262646433326166613632222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2238303161616264363830383735323061626131623434303864333462663363373664626634313564363832346465363864663839653235383163646330663336222c226f776e6572223a226361726f6c222c227469746c65223a226361726f6c207461736b2032222c226465736372697074696f6e223a2261626f75742032222c227072696f72697479223a2268696768222c2274616773223a5b22776f726b222c227432225d2c226475655f64617465223a6e756c6c2c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 27);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('181eaa82-2922-487d-8b21-7dbc326f66e2', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3734323834352b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a226361726f6c222c22636f7272656c6174696f6e5f6964223a223739613166646436633839343439356338346534656366643332656136333635222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2265643266646530623061636631326165666663626430646666303764333964646633643438393339663430643739363964323938393738636363306335373131222c226f776e6572223a226361726f6c222c227469746c65223a226361726f6c207461736b2033222c226465736372697074696f6e223a2261626f75742033222c227072696f72697479223a226c6f77222c2274616773223a5b22686f6d65222c227430225d2c226475655f64617465223a22323033312d30342d3133222c226475655f74696d65223a2230393a3030222c2274696d657a6f6e65223a224575726f70652f4265726c696e222c22726563757272656e6365223a6e756c6c2c227365726965735f6964223a6e756c6c2c226f6363757272656e6365223a6e756c6c2c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 28);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('6b48a81b-fedb-513e-b99d-bc4bae8ac9e8', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3838333231302b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a2273797374656d3a726563757272656e6365222c22636f7272656c6174696f6e5f6964223a227461736b6c6f673a7461736b6c6f675f707265763a737061776e3a35363634356231332d663162322d343465362d626335372d3263353632646562653066613a32222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2230323063323964656462643732643461346664323736356634366435323037356633373130326433353339643239386163623836393530333036623333323738222c226f776e6572223a22626f62222c227469746c65223a22626f62207461736b2034222c226465736372697074696f6e223a2261626f75742034222c227072696f72697479223a226d656469756d222c2274616773223a5b22776f726b222c227431225d2c226475655f64617465223a22323033312d30332d3130222c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a7b226672657175656e6379223a227765656b6c79222c22696e74657276616c223a312c2262795f7765656b646179223a5b224d4f225d2c2262795f6d6f6e74685f646179223a6e756c6c2c22636f756e74223a6e756c6c2c22756e74696c223a6e756c6c2c226d6f6465223a227363686564756c65227d2c227365726965735f6964223a7b225f747970655f223a22757569645f686578222c225f646174615f223a223536363435623133663162323434653662633537326335363264656265306661227d2c226f6363757272656e6365223a322c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 38);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('0252c371-3f1a-52ba-ab9c-2b338cf3b065', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3838353135392b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a2273797374656d3a726563757272656e6365222c22636f7272656c6174696f6e5f6964223a227461736b6c6f673a7461736b6c6f675f707265763a737061776e3a37356266666534642d623537662d346162312d626332302d6565383361306662366434353a32222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2263663136663166366233386233363030383136636636656237343737643461666166633635616538393835656162363133343037333034623734666131326331222c226f776e6572223a226361726f6c222c227469746c65223a226361726f6c207461736b2034222c226465736372697074696f6e223a2261626f75742034222c227072696f72697479223a226d656469756d222c2274616773223a5b22776f726b222c227431225d2c226475655f64617465223a22323033312d30332d3130222c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a7b226672657175656e6379223a227765656b6c79222c22696e74657276616c223a312c2262795f7765656b646179223a5b224d4f225d2c2262795f6d6f6e74685f646179223a6e756c6c2c22636f756e74223a6e756c6c2c22756e74696c223a6e756c6c2c226d6f6465223a227363686564756c65227d2c227365726965735f6964223a7b225f747970655f223a22757569645f686578222c225f646174615f223a223735626666653464623537663461623162633230656538336130666236643435227d2c226f6363757272656e6365223a322c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 39);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('2554760d-d3e0-5783-a632-6cee9e357ef6', 1, 'domain.task:Task.Created', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a31312e3837393734312b30303a3030227d2c226f726967696e61746f725f746f706963223a22646f6d61696e2e7461736b3a5461736b222c226163746f72223a2273797374656d3a726563757272656e6365222c22636f7272656c6174696f6e5f6964223a227461736b6c6f673a7461736b6c6f675f707265763a737061776e3a65306131323733612d323863652d343731332d613035342d6164666362333731613731353a32222c22707265765f68617368223a2230303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030222c2268617368223a2233613663616433623437326534666131353238316366363237373462336532626134313730383466656333306131326132343733626365633537323461643565222c226f776e6572223a22616c696365222c227469746c65223a22616c696365207461736b2034222c226465736372697074696f6e223a2261626f75742034222c227072696f72697479223a226d656469756d222c2274616773223a5b22776f726b222c227431225d2c226475655f64617465223a22323033312d30332d3130222c226475655f74696d65223a6e756c6c2c2274696d657a6f6e65223a22555443222c22726563757272656e6365223a7b226672657175656e6379223a227765656b6c79222c22696e74657276616c223a312c2262795f7765656b646179223a5b224d4f225d2c2262795f6d6f6e74685f646179223a6e756c6c2c22636f756e74223a6e756c6c2c22756e74696c223a6e756c6c2c226d6f6465223a227363686564756c65227d2c227365726965735f6964223a7b225f747970655f223a22757569645f686578222c225f646174615f223a226530613132373361323863653437313361303534616466636233373161373135227d2c226f6363757272656e6365223a322c2272656d696e6465725f6174223a6e756c6c2c2272656d696e6465725f6d696e757465735f6265666f7265223a6e756c6c7d', 40);
INSERT INTO __SCHEMA__.tasklog_events VALUES ('8fb63255-0780-474f-8b8c-994c08e78132', 2, 'domain.task:Task.ReminderFired', '\x7b2274696d657374616d70223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a32362e3032333538322b30303a3030227d2c226163746f72223a2273797374656d3a72656d696e646572222c22636f7272656c6174696f6e5f6964223a227461736b6c6f673a7461736b6c6f675f707265763a72656d696e643a38666236333235352d303738302d343734662d386238632d3939346330386537383133323a323032362d31322d30375431333a31343a32362b30303a3030222c22707265765f68617368223a2264323430666232356430303239643738323139366637306635333363323937313639366439616132366262313665616164353365326539653165363563626166222c2268617368223a2230373965386632393437613330353966643034396364626131393862373931333437393237613735616334303166383164363062633165653264306331363334222c2272656d696e6465725f6174223a7b225f747970655f223a226461746574696d655f69736f222c225f646174615f223a22323032362d31322d30375431333a31343a32362b30303a3030227d7d', 41);


--
-- Data for Name: tasklog_snapshots; Type: TABLE DATA; Schema: __SCHEMA__; Owner: -
--



--
-- Name: tasklog_events_notification_id_seq; Type: SEQUENCE SET; Schema: __SCHEMA__; Owner: -
--

SELECT pg_catalog.setval('__SCHEMA__.tasklog_events_notification_id_seq', 41, true);


--
-- Name: audit_owner_watermark audit_owner_watermark_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.audit_owner_watermark
    ADD CONSTRAINT audit_owner_watermark_pkey PRIMARY KEY (singleton);


--
-- Name: audit_task_owners audit_task_owners_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.audit_task_owners
    ADD CONSTRAINT audit_task_owners_pkey PRIMARY KEY (task_id);


--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key);


--
-- Name: notifications_tasks_v1 notifications_tasks_v1_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.notifications_tasks_v1
    ADD CONSTRAINT notifications_tasks_v1_pkey PRIMARY KEY (id);


--
-- Name: notifications_v1 notifications_v1_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.notifications_v1
    ADD CONSTRAINT notifications_v1_pkey PRIMARY KEY (id);


--
-- Name: notifications_v1_tracking notifications_v1_tracking_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.notifications_v1_tracking
    ADD CONSTRAINT notifications_v1_tracking_pkey PRIMARY KEY (application_name);


--
-- Name: projection_catalog projection_catalog_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.projection_catalog
    ADD CONSTRAINT projection_catalog_pkey PRIMARY KEY (name);


--
-- Name: projection_dead_letters projection_dead_letters_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.projection_dead_letters
    ADD CONSTRAINT projection_dead_letters_pkey PRIMARY KEY (name, version, "position");


--
-- Name: projection_secrets projection_secrets_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.projection_secrets
    ADD CONSTRAINT projection_secrets_pkey PRIMARY KEY (name);


--
-- Name: projection_workers projection_workers_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.projection_workers
    ADD CONSTRAINT projection_workers_pkey PRIMARY KEY (name, role);


--
-- Name: recurrence_tasks_v1 recurrence_tasks_v1_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.recurrence_tasks_v1
    ADD CONSTRAINT recurrence_tasks_v1_pkey PRIMARY KEY (id);


--
-- Name: recurrence_v1 recurrence_v1_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.recurrence_v1
    ADD CONSTRAINT recurrence_v1_pkey PRIMARY KEY (task_id);


--
-- Name: recurrence_v1_tracking recurrence_v1_tracking_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.recurrence_v1_tracking
    ADD CONSTRAINT recurrence_v1_tracking_pkey PRIMARY KEY (application_name);


--
-- Name: reminders_tasks_v1 reminders_tasks_v1_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.reminders_tasks_v1
    ADD CONSTRAINT reminders_tasks_v1_pkey PRIMARY KEY (id);


--
-- Name: reminders_v1 reminders_v1_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.reminders_v1
    ADD CONSTRAINT reminders_v1_pkey PRIMARY KEY (task_id);


--
-- Name: reminders_v1_tracking reminders_v1_tracking_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.reminders_v1_tracking
    ADD CONSTRAINT reminders_v1_tracking_pkey PRIMARY KEY (application_name);


--
-- Name: task_list_tags_v1 task_list_tags_v1_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.task_list_tags_v1
    ADD CONSTRAINT task_list_tags_v1_pkey PRIMARY KEY (owner, tag_key);


--
-- Name: task_list_v1 task_list_v1_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.task_list_v1
    ADD CONSTRAINT task_list_v1_pkey PRIMARY KEY (id);


--
-- Name: task_list_v1_tracking task_list_v1_tracking_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.task_list_v1_tracking
    ADD CONSTRAINT task_list_v1_tracking_pkey PRIMARY KEY (application_name);


--
-- Name: tasklog_events tasklog_events_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.tasklog_events
    ADD CONSTRAINT tasklog_events_pkey PRIMARY KEY (originator_id, originator_version);


--
-- Name: tasklog_snapshots tasklog_snapshots_pkey; Type: CONSTRAINT; Schema: __SCHEMA__; Owner: -
--

ALTER TABLE ONLY __SCHEMA__.tasklog_snapshots
    ADD CONSTRAINT tasklog_snapshots_pkey PRIMARY KEY (originator_id, originator_version);


--
-- Name: audit_task_owners_owner_idx; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX audit_task_owners_owner_idx ON __SCHEMA__.audit_task_owners USING btree (owner, task_id);


--
-- Name: idempotency_keys_claimed_at; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX idempotency_keys_claimed_at ON __SCHEMA__.idempotency_keys USING btree (claimed_at);


--
-- Name: notifications_v1_owner; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX notifications_v1_owner ON __SCHEMA__.notifications_v1 USING btree (owner, fired_at, id);


--
-- Name: notifications_v1_task; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX notifications_v1_task ON __SCHEMA__.notifications_v1 USING btree (task_id);


--
-- Name: recurrence_v1_next; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX recurrence_v1_next ON __SCHEMA__.recurrence_v1 USING btree (next_id);


--
-- Name: recurrence_v1_position; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX recurrence_v1_position ON __SCHEMA__.recurrence_v1 USING btree ("position", task_id);


--
-- Name: reminders_v1_due; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX reminders_v1_due ON __SCHEMA__.reminders_v1 USING btree (reminder_at, task_id);


--
-- Name: reminders_v1_position; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX reminders_v1_position ON __SCHEMA__.reminders_v1 USING btree ("position", task_id);


--
-- Name: task_list_v1_created; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX task_list_v1_created ON __SCHEMA__.task_list_v1 USING btree (owner, created_at, id);


--
-- Name: task_list_v1_due_asc; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX task_list_v1_due_asc ON __SCHEMA__.task_list_v1 USING btree (owner, due_asc, id);


--
-- Name: task_list_v1_due_desc; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX task_list_v1_due_desc ON __SCHEMA__.task_list_v1 USING btree (owner, due_desc, id);


--
-- Name: task_list_v1_priority; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX task_list_v1_priority ON __SCHEMA__.task_list_v1 USING btree (owner, priority_rank, id);


--
-- Name: task_list_v1_search; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX task_list_v1_search ON __SCHEMA__.task_list_v1 USING gin (search_grams);


--
-- Name: task_list_v1_series; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX task_list_v1_series ON __SCHEMA__.task_list_v1 USING btree (owner, series_id) WHERE (series_id IS NOT NULL);


--
-- Name: task_list_v1_tags; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX task_list_v1_tags ON __SCHEMA__.task_list_v1 USING gin (owner_tags);


--
-- Name: task_list_v1_title; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX task_list_v1_title ON __SCHEMA__.task_list_v1 USING btree (owner, title_key, id);


--
-- Name: task_list_v1_updated; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE INDEX task_list_v1_updated ON __SCHEMA__.task_list_v1 USING btree (owner, updated_at, id);


--
-- Name: tasklog_events_notification_id_idx; Type: INDEX; Schema: __SCHEMA__; Owner: -
--

CREATE UNIQUE INDEX tasklog_events_notification_id_idx ON __SCHEMA__.tasklog_events USING btree (notification_id);


--
-- PostgreSQL database dump complete
--

\unrestrict gHIuk5MkdEvkwxGEBPAK5fBhD4K8zUhEdnmpAiJUFxvJeq8IGjzhX0qd6GLKafI

