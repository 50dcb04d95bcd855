CREATE TABLE "sms_prices" (
	"id" serial PRIMARY KEY NOT NULL,
	"price_cny" numeric(12, 5) NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"set_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_control" (
	"name" text PRIMARY KEY NOT NULL,
	"next_slot_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paused_until" timestamp with time zone,
	"pause_code" integer,
	"pause_message" text
);
--> statement-breakpoint
CREATE TABLE "stats_daily" (
	"activity_id" text NOT NULL,
	"day" date NOT NULL,
	"channel_id" text NOT NULL,
	"sms_sent" integer DEFAULT 0 NOT NULL,
	"h5_users" integer DEFAULT 0 NOT NULL,
	"wxapp_users" integer DEFAULT 0 NOT NULL,
	"send_list" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "stats_daily_activity_id_day_channel_id_pk" PRIMARY KEY("activity_id","day","channel_id")
);
--> statement-breakpoint
CREATE TABLE "stats_days" (
	"activity_id" text NOT NULL,
	"day" date NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"final" boolean NOT NULL,
	"has_data" boolean NOT NULL,
	"sms_sent" integer DEFAULT 0 NOT NULL,
	"h5_users" integer DEFAULT 0 NOT NULL,
	"wxapp_users" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_days_activity_id_day_pk" PRIMARY KEY("activity_id","day")
);
--> statement-breakpoint
CREATE TABLE "stats_sync" (
	"activity_id" text PRIMARY KEY NOT NULL,
	"lease_token" uuid,
	"lease_until" timestamp with time zone,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_days" integer DEFAULT 0 NOT NULL,
	"last_error_code" integer,
	"last_error" text,
	"queued_at" timestamp with time zone,
	"retry_after" timestamp with time zone,
	"failures" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sms_prices" ADD CONSTRAINT "sms_prices_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_prices_effective" ON "sms_prices" USING btree ("effective_from");--> statement-breakpoint
CREATE INDEX "stats_daily_day" ON "stats_daily" USING btree ("day");