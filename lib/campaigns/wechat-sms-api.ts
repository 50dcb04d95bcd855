import { getWechat, type WechatClient } from "@/lib/wechat";
import type { SmsApi } from "./sms-api";

/**
 * The sender's two calls, made with the WeChat client. sendSms gets no abort signal on purpose: a
 * worker asked to stop lets its in-flight calls finish, since an aborted call would be uncertain.
 */
export function smsApiFromWechat(client: WechatClient): SmsApi {
  return {
    sendSms: (req) => client.sendSms(req),
    async reportSendSmsTask(req) {
      await client.report({ reportAction: "sendSmsTask", activityId: req.activityId, taskId: req.taskId, phoneCount: req.phoneCount });
    },
  };
}

export function smsApiFromConfig(): SmsApi {
  return smsApiFromWechat(getWechat());
}
