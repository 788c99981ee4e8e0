/* Warn a few minutes before the session ends and offer to stay signed in.
 *
 * An enhancement only: without it every page already says when the session ends and has a
 * "Giữ đăng nhập" form (POST /phien/gia-han → 303 back). The time left comes from the server
 * (data-con-lai, seconds), so a wrong clock on the user's computer does not matter.
 */
(function () {
  "use strict";
  var box = document.getElementById("phien");
  if (!box || !window.fetch) { return; }
  var text = document.getElementById("phien-chu");
  var form = document.getElementById("phien-form");
  var left = parseFloat(box.getAttribute("data-con-lai"));
  var warnBefore = parseFloat(box.getAttribute("data-canh-bao"));
  var start = Date.now();
  var plain = text.innerHTML;
  var timer = null;

  function remaining() { return left - (Date.now() - start) / 1000; }

  function minutes(seconds) {
    var m = Math.max(1, Math.ceil(seconds / 60));
    return m + " phút";
  }

  function tick() {
    var r = remaining();
    if (r <= 0) {
      box.className = "session gone";
      text.textContent = "Phiên đăng nhập đã hết hạn. Nội dung đang viết vẫn còn trên trang: " +
        "khi bấm lưu hoặc gửi, cổng sẽ yêu cầu đăng nhập lại (giải trình được giữ và lưu sau khi đăng nhập).";
      form.style.display = "none";
      return;
    }
    if (r <= warnBefore) {
      box.className = "session warn";
      box.setAttribute("role", "alert");
      text.textContent = "Phiên đăng nhập sẽ hết hạn sau " + minutes(r) +
        " nếu không thao tác. Bấm “Giữ đăng nhập” để tiếp tục làm việc.";
    }
    timer = window.setTimeout(tick, Math.min(30000, Math.max(1000, (r - warnBefore) * 1000)));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch("/phien/gia-han", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      if (!response.ok || type.indexOf("application/json") < 0) { throw new Error("het-han"); }
      return response.json();
    }).then(function (data) {
      left = data.con_lai;
      start = Date.now();
      box.className = "session";
      box.removeAttribute("role");
      text.innerHTML = plain;
      var when = text.querySelector("b");
      if (when) { when.textContent = data.het_han; }
      window.clearTimeout(timer);
      tick();
    }).catch(function () {
      left = 0;
      tick();
    });
  });

  tick();
}());
