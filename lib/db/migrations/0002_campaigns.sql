CREATE TABLE "send_batches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"phone_count" integer NOT NULL,
	"sent_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"skipped_count" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claim_token" uuid,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"lease_until" timestamp with time zone,
	"error" text,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "send_recipients" (
	"task_id" uuid NOT NULL,
	"batch_id" bigint NOT NULL,
	"phone" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"serial_no" text,
	"code" text,
	"message" text,
	CONSTRAINT "send_recipients_task_id_phone_pk" PRIMARY KEY("task_id","phone")
);
--> statement-breakpoint
CREATE TABLE "send_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"activity_id" text NOT NULL,
	"sms_type" text NOT NULL,
	"content" text,
	"path" text,
	"template_id" text,
	"template_params" jsonb,
	"use_short_name" boolean DEFAULT false NOT NULL,
	"preview_text" text DEFAULT '' NOT NULL,
	"audience_id" uuid,
	"resend_of" uuid,
	"status" text DEFAULT 'running' NOT NULL,
	"send_at" timestamp with time zone DEFAULT now() NOT NULL,
	"total_count" integer DEFAULT 0 NOT NULL,
	"suppressed_at_creation" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"report_claimed_at" timestamp with time zone,
	"reported_at" timestamp with time zone,
	"reported_count" integer,
	"report_attempts" integer DEFAULT 0 NOT NULL,
	"report_error" text
);
--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_task_id_send_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."send_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_recipients" ADD CONSTRAINT "send_recipients_task_id_send_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."send_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_tasks" ADD CONSTRAINT "send_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "send_batches_task" ON "send_batches" USING btree ("task_id","seq");--> statement-breakpoint
CREATE INDEX "send_batches_claimable" ON "send_batches" USING btree ("next_attempt_at","id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "send_batches_in_flight" ON "send_batches" USING btree ("lease_until") WHERE state = 'in_flight';--> statement-breakpoint
CREATE INDEX "send_recipients_batch" ON "send_recipients" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "send_tasks_created_at" ON "send_tasks" USING btree ("created_at");