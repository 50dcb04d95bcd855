ALTER TABLE "test_sends" ADD COLUMN "error_code" text;--> statement-breakpoint
-- Rows written before the code kept one string: "<errcode> <errmsg>" for a refusal; "uncertain: <code> <detail>" for a
-- call that may have sent, and before that "uncertain: " with lib/wechat's English sentence or "unexpected failure:
-- <text>". Each becomes its code, with WeChat's errmsg (or the error's own text) as the detail, as migration 0016 did.
UPDATE "test_sends" SET "error_code" = substring("error" from '^uncertain: [A-Za-z_.]+ failed with (-?[0-9]+)'), "error" = substring("error" from '^uncertain: [A-Za-z_.]+ failed with -?[0-9]+ \((.*)\): ')
  WHERE "error" ~ '^uncertain: [A-Za-z_.]+ failed with -?[0-9]+';--> statement-breakpoint
UPDATE "test_sends" SET "error_code" = 'unexpected', "error" = substring("error" from '^uncertain: unexpected failure: (.*)$') WHERE "error" ~ '^uncertain: unexpected failure: ';--> statement-breakpoint
UPDATE "test_sends" SET "error_code" = substring("error" from '^uncertain: (-?[0-9]+|unexpected)'), "error" = nullif(substring("error" from '^uncertain: (?:-?[0-9]+|unexpected) ?(.*)$'), '')
  WHERE "error_code" IS NULL AND "error" ~ '^uncertain: (-?[0-9]+|unexpected)( |$)';--> statement-breakpoint
UPDATE "test_sends" SET "error_code" = substring("error" from '^(-?[0-9]+)'), "error" = nullif(substring("error" from '^-?[0-9]+ ?(.*)$'), '')
  WHERE "error_code" IS NULL AND "error" ~ '^-?[0-9]+( |$)';
