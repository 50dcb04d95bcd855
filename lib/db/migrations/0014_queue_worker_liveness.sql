CREATE TABLE "queue_runs" (
	"job_id" uuid PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"worker_id" uuid NOT NULL,
	"started_on" timestamp (6) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "queue_workers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "queue_runs" ADD CONSTRAINT "queue_runs_worker_id_queue_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."queue_workers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "queue_runs_worker_id" ON "queue_runs" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "queue_workers_seen_at" ON "queue_workers" USING btree ("seen_at");