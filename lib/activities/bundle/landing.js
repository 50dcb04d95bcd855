/* Hongyan landing page for the CloudBase static website (exported by `npm run export:landing`).
 * Plain ES2017, no dependencies: reads ?activityId=…&source=…, asks the app's public endpoint for the
 * activity, reports the visit (openH5) and opens the mini program. window.HONGYAN is written by the export. */
(function () {
  "use strict";
  var cfg = window.HONGYAN || {};
  var api = String(cfg.api || "").replace(/\/$/, "") + "/api/h5";
  var T = {
    unknown: ["链接无效", "没有找到这个活动，请确认链接是否完整。"],
    not_started: ["活动尚未开始", "活动将于 {start} 开始，届时欢迎再来。"],
    ended: ["活动已结束", "活动已于 {end} 结束，感谢关注。"],
    closed: ["活动已关闭", "主办方已关闭此活动，感谢关注。"],
    window: "活动时间：{start} 至 {end}",
    opening: "正在打开小程序…",
    desktop: "请在手机上打开此页面，即可跳转到小程序。",
    wechatNoTag: "请点击右上角「…」，选择在浏览器中打开，再点击按钮。",
    failed: "暂时无法打开小程序，请稍后重试。",
    tooMany: "操作过于频繁，请稍后再试。",
    offline: "网络不可用，请检查网络后刷新页面。",
  };
  var SESSION_KEY = "hongyan_h5_session";
  var SIGNED_SESSION = /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/;
  var root = document.getElementById("app");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function fill(text, vars) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return vars[k] || ""; });
  }
  function when(iso) {
    try {
      return new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "long", timeStyle: "short" }).format(new Date(iso));
    } catch { return iso; }
  }
  /* The visitor's session, issued and signed by the server with the landing content (GET /activity/<id>); the
   * first one a browser gets for an activity is kept, so a reload is the same visitor. */
  var issued = "";
  function session() {
    var key = SESSION_KEY + ":" + activityId;
    try {
      var kept = localStorage.getItem(key);
      if (kept && SIGNED_SESSION.test(kept)) return kept;
      localStorage.setItem(key, issued);
    } catch { /* private mode: this page view's session */ }
    return issued;
  }
  function device() {
    var ua = navigator.userAgent;
    if (/MicroMessenger/i.test(ua)) return "wechat";
    if (/Android|iPhone|iPad|iPod|Mobile|HarmonyOS/i.test(ua)) return "mobile";
    return "desktop";
  }
  function post(path, body) {
    return fetch(api + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), mode: "cors", credentials: "omit" });
  }

  function render(view, state) {
    root.innerHTML = "";
    root.setAttribute("data-landing-state", state);
    root.appendChild(view && view.imageUrl ? el("img", { src: view.imageUrl, alt: "", class: "hero" }) : el("div", { class: "hero hero-plain" }, [el("span", {}, ["鸿雁"])]));
    var body = el("div", { class: "body" });
    if (view) body.appendChild(el("h1", {}, [view.title]));
    if (state !== "open") {
      var msg = T[state];
      body.appendChild(el("div", { class: "notice", role: "status" }, [
        el("p", { class: "notice-title" }, [msg[0]]),
        el("p", { class: "notice-text" }, [fill(msg[1], { start: view ? when(view.startAt) : "", end: view ? when(view.endAt) : "" })]),
      ]));
      root.appendChild(body);
      return;
    }
    if (view.text) body.appendChild(el("p", { class: "text" }, [view.text]));
    body.appendChild(el("p", { class: "window" }, [fill(T.window, { start: when(view.startAt), end: when(view.endAt) })]));
    var actions = el("div", { class: "actions" });
    var button = el("button", { type: "button", class: "open" }, [view.buttonLabel]);
    var note = el("p", { class: "note", role: "status" });
    actions.appendChild(button); actions.appendChild(note);
    body.appendChild(actions);
    root.appendChild(body);
    button.addEventListener("click", function () { openMiniProgram(view, button, note); });
  }

  function openMiniProgram(view, button, note) {
    var where = device();
    if (cfg.mode !== "emulator" && where === "desktop") { note.textContent = T.desktop; return; }
    button.disabled = true; button.textContent = T.opening; note.textContent = "";
    post("/open", { activityId: view.activityId, channelId: view.channelId, sessionId: session() })
      .then(function (res) {
        if (res.status === 429) throw new Error(T.tooMany);
        if (!res.ok) throw new Error(T.failed);
        return res.json();
      })
      .then(function (r) {
        if (where === "wechat" && cfg.mode !== "emulator") return openInWechat(r.jump, note);
        window.location.href = r.launchUrl;
      })
      .catch(function (e) { note.textContent = e.message || T.failed; })
      .then(function () { button.disabled = false; button.textContent = view.buttonLabel; });
  }

  /* Inside WeChat a URL scheme does not open: the open tag does, on the environment's own static website,
   * where CloudBase lets the JS-SDK run without a signature. Needs the mini program's original ID (gh_…). */
  function openInWechat(jump, note) {
    if (!cfg.weappUsername) { note.textContent = T.wechatNoTag; return; }
    var script = el("script", { src: "https://res.wx.qq.com/open/js/jweixin-1.6.0.js" });
    script.onload = function () {
      window.wx.config({ debug: false, appId: cfg.appId || "", timestamp: 0, nonceStr: "nonceStr", signature: "signature", jsApiList: ["chooseImage"], openTagList: ["wx-open-launch-weapp"] });
      var tag = document.createElement("wx-open-launch-weapp");
      tag.setAttribute("username", cfg.weappUsername);
      tag.setAttribute("path", (jump.path || "").replace(/^\//, "") + (jump.path ? ".html" : "") + "?" + jump.query);
      tag.innerHTML = '<script type="text/wxtag-template"><button style="width:100%;height:48px;border:0;border-radius:24px;background:#07c160;color:#fff;font-size:16px">打开小程序</button><\/script>';
      note.textContent = "";
      note.appendChild(tag);
    };
    document.head.appendChild(script);
  }

  var q = new URLSearchParams(location.search);
  var activityId = q.get("activityId") || q.get("_activityId_") || "";
  var source = q.get("source") || q.get("_source_") || "_cms_sms_";
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(activityId)) { render(null, "unknown"); return; }
  fetch(api + "/activity/" + encodeURIComponent(activityId) + "?source=" + encodeURIComponent(source), { mode: "cors", credentials: "omit" })
    .then(function (res) {
      if (res.status === 404) return render(null, "unknown");
      if (!res.ok) throw new Error(T.offline);
      return res.json().then(function (view) {
        issued = view.sessionId;
        render(view, view.state);
        if (view.state === "open") post("/report", { activityId: view.activityId, channelId: view.channelId, sessionId: session() }).catch(function () {});
      });
    })
    .catch(function () {
      root.innerHTML = "";
      root.appendChild(el("div", { class: "body" }, [el("div", { class: "notice", role: "alert" }, [el("p", { class: "notice-text" }, [T.offline])])]));
    });
})();
