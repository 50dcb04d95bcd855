CREATE TABLE "audience_source_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"audience_name" text NOT NULL,
	"label" text,
	"status" text DEFAULT 'running' NOT NULL,
	"phase" text DEFAULT 'resolving' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"unresolved" integer DEFAULT 0 NOT NULL,
	"duplicate_ids" integer DEFAULT 0 NOT NULL,
	"audience_id" uuid,
	"error" jsonb,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audience_source_unresolved" (
	"job_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"cloud_id" text NOT NULL,
	"reason" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	CONSTRAINT "audience_source_unresolved_job_id_seq_pk" PRIMARY KEY("job_id","seq")
);
--> statement-breakpoint
ALTER TABLE "audience_source_jobs" ADD CONSTRAINT "audience_source_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audience_source_jobs_created_at" ON "audience_source_jobs" USING btree ("created_at");