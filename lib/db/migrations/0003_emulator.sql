CREATE TABLE "emu_access_tokens" (
	"token" text PRIMARY KEY NOT NULL,
	"app_id" text NOT NULL,
	"kind" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "emu_activity_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"env_id" text NOT NULL,
	"activity_id" text NOT NULL,
	CONSTRAINT "emu_activity_keys_env_activity" UNIQUE("env_id","activity_id")
);
--> statement-breakpoint
CREATE TABLE "emu_bucket_visitors" (
	"activity_key" integer NOT NULL,
	"kind" smallint NOT NULL,
	"channel_id" text NOT NULL,
	"bucket" integer NOT NULL,
	"visitor" bigint NOT NULL,
	CONSTRAINT "emu_bucket_visitors_activity_key_kind_channel_id_bucket_visitor_pk" PRIMARY KEY("activity_key","kind","channel_id","bucket","visitor")
);
--> statement-breakpoint
CREATE TABLE "emu_day_counts" (
	"activity_key" integer NOT NULL,
	"kind" smallint NOT NULL,
	"channel_id" text NOT NULL,
	"day" integer NOT NULL,
	"shard" smallint NOT NULL,
	"users" bigint NOT NULL,
	CONSTRAINT "emu_day_counts_activity_key_kind_channel_id_day_shard_pk" PRIMARY KEY("activity_key","kind","channel_id","day","shard")
);
--> statement-breakpoint
CREATE TABLE "emu_day_visitors" (
	"activity_key" integer NOT NULL,
	"kind" smallint NOT NULL,
	"channel_id" text NOT NULL,
	"day" integer NOT NULL,
	"visitor" bigint NOT NULL,
	CONSTRAINT "emu_day_visitors_activity_key_kind_channel_id_day_visitor_pk" PRIMARY KEY("activity_key","kind","channel_id","day","visitor")
);
--> statement-breakpoint
CREATE TABLE "emu_open_users" (
	"cloud_id" text PRIMARY KEY NOT NULL,
	"openid" text NOT NULL,
	"phone_number" text NOT NULL,
	CONSTRAINT "emu_open_users_openid_unique" UNIQUE("openid")
);
--> statement-breakpoint
CREATE TABLE "emu_scheduled_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"activity_key" integer NOT NULL,
	"kind" smallint NOT NULL,
	"channel_id" text NOT NULL,
	"visitor" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emu_schemes" (
	"ticket" text PRIMARY KEY NOT NULL,
	"path" text NOT NULL,
	"query" text NOT NULL,
	"env_version" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emu_send_tasks" (
	"activity_key" integer NOT NULL,
	"task_id" text NOT NULL,
	"phone_count" bigint NOT NULL,
	"day" integer NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "emu_send_tasks_activity_key_task_id_pk" PRIMARY KEY("activity_key","task_id")
);
--> statement-breakpoint
CREATE TABLE "emu_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"simulate" boolean,
	"open_rate" real,
	"jump_rate" real,
	"failure_rate" real,
	"faults" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emu_settings_one_row" CHECK ("emu_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "emu_sms" (
	"serial_no" text PRIMARY KEY NOT NULL,
	"env_id" text NOT NULL,
	"phone_number" text NOT NULL,
	"sms_type" text NOT NULL,
	"content" text,
	"path" text,
	"template_id" text,
	"template_params" jsonb,
	"activity_id" text,
	"channel_id" text,
	"code" text NOT NULL,
	"message" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "emu_access_tokens_latest" ON "emu_access_tokens" USING btree ("app_id","kind","issued_at");--> statement-breakpoint
CREATE INDEX "emu_scheduled_events_at" ON "emu_scheduled_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "emu_send_tasks_day" ON "emu_send_tasks" USING btree ("activity_key","day");--> statement-breakpoint
CREATE INDEX "emu_sms_env_sent" ON "emu_sms" USING btree ("env_id","sent_at");