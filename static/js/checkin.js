// Điểm danh tại cửa: search without tones, tap a person to toggle "present", and keep every tap in a queue
// on the phone (localStorage) that is sent to the server as JSON and survives reloads and lost signal.
// Without this file each button posts its form and the page comes back (slower, but it works).
// On the sheet page ("Nhập từ danh sách ký nhận") it ticks or clears every box in place and counts them.
(function () {
  "use strict";
  var sheet = document.querySelector("form[data-sheet]");
  if (!sheet) { return; }
  var boxes = sheet.querySelectorAll("input[type=checkbox][name=present]");
  var counter = sheet.querySelector("[data-checked-count]");
  function count() {
    counter.textContent = Array.prototype.filter.call(boxes, function (box) { return box.checked; }).length;
  }
  sheet.addEventListener("change", count);
  sheet.querySelectorAll("[data-check-all]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      boxes.forEach(function (box) { box.checked = link.dataset.checkAll === "1"; });
      count();
    });
  });
})();

(function () {
  "use strict";
  var BATCH = 100;
  var root = document.querySelector("[data-checkin]");
  if (!root) { return; }
  var day = parseInt(root.dataset.day, 10);
  var storageKey = "tuachua.checkin." + root.dataset.event;
  var items = {};
  root.querySelectorAll("[data-checkin-item]").forEach(function (item) { items[item.dataset.delegate] = item; });
  var search = root.querySelector("[data-checkin-search]");
  var searchButton = root.querySelector("[data-checkin-search-button]");
  var shownLine = root.querySelector("[data-shown]");
  var emptyLine = root.querySelector("[data-checkin-empty]");
  var messageBox = root.querySelector("[data-checkin-message]");
  var memoryQueue = [];
  var sending = false;
  var retryTimer = null;
  var retryDelay = 5000;

  // --- the queue ----------------------------------------------------------------------------------------
  function loadQueue() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(storageKey) || "[]");
      return Array.isArray(stored) ? stored : [];
    } catch (error) {
      return memoryQueue;  // storage blocked (private mode): the queue lives as long as the page
    }
  }
  function saveQueue(queue) {
    memoryQueue = queue;
    try { window.localStorage.setItem(storageKey, JSON.stringify(queue)); } catch (error) { /* kept in memory */ }
  }
  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // --- the buttons and counters -------------------------------------------------------------------------
  function show(item, present) {
    item.dataset.present = present ? "1" : "0";
    var button = item.querySelector("button");
    button.classList.toggle("btn-success", present);
    button.classList.toggle("btn-light", !present);
    button.classList.toggle("border", !present);
    button.setAttribute("aria-pressed", present ? "true" : "false");
    item.querySelector("[data-mark]").textContent = present ? "✓" : "○";
    item.querySelector("[data-state]").textContent = present ? root.dataset.labelPresent : root.dataset.labelAbsent;
    var field = item.querySelector("input[name=present]");
    if (field) { field.value = present ? "0" : "1"; }  // what the form would post next (no-JS path)
  }
  function pendingFor(queue) {
    var pending = {};
    queue.forEach(function (tap) { if (tap.day === day) { pending[String(tap.delegate)] = tap.present; } });
    return pending;
  }
  function renderCounters() {
    var queue = loadQueue();
    var present = 0;
    Object.keys(items).forEach(function (pk) { if (items[pk].dataset.present === "1") { present += 1; } });
    root.querySelector("[data-present-count]").textContent = present;
    root.querySelector("[data-unsynced]").textContent = queue.length;
    var badge = root.querySelector("[data-sync-badge]");
    badge.classList.toggle("text-bg-success", queue.length === 0);
    badge.classList.toggle("text-bg-warning", queue.length > 0);
  }
  function say(text) {
    messageBox.textContent = text;
    messageBox.hidden = !text;
  }
  function showOfflineState() {
    if (navigator.onLine === false) { say(root.dataset.msgOffline); } else if (messageBox.dataset.kind !== "keep") { say(""); }
  }

  // --- search without tones: "hung" finds "Hùng", "vu hung" finds "Vừ A Hùng" ----------------------------
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  function filter() {
    var words = fold(search.value).split(" ").filter(Boolean);
    var shown = 0;
    var total = 0;
    Object.keys(items).forEach(function (pk) {
      var item = items[pk];
      var key = item.dataset.key;
      var match = words.every(function (word) { return key.indexOf(word) !== -1; });
      item.hidden = !match;
      total += 1;
      if (match) { shown += 1; }
    });
    shownLine.textContent = words.length
      ? root.dataset.msgShown.replace("%(shown)s", shown).replace("%(total)s", total) : "";
    emptyLine.textContent = root.dataset.msgNone;
    emptyLine.hidden = !(words.length && shown === 0);
  }

  // --- sending ------------------------------------------------------------------------------------------
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return root.dataset.csrf || (match ? decodeURIComponent(match[1]) : "");
  }
  function scheduleRetry() {
    if (retryTimer) { return; }
    retryTimer = window.setTimeout(function () { retryTimer = null; flush(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }
  function applyServerState(data) {
    if (data.day !== day || !Array.isArray(data.present)) { return; }
    var present = {};
    data.present.forEach(function (pk) { present[String(pk)] = true; });
    var pending = pendingFor(loadQueue());
    Object.keys(items).forEach(function (pk) {
      if (!(pk in pending)) { show(items[pk], Boolean(present[pk])); }
    });
  }
  function flush() {
    var queue = loadQueue();
    renderCounters();
    if (sending || !queue.length || navigator.onLine === false) { return; }
    sending = true;
    var batch = queue.slice(0, BATCH);
    window.fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ day: day, taps: batch })
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (response.redirected || response.status === 403) {
        messageBox.dataset.kind = "keep";
        say(root.dataset.msgLogin);
        throw new Error("login");
      }
      if (!response.ok || !json) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      var done = {};
      var rejected = [];
      data.results.forEach(function (result) {
        if (result.client_id) { done[result.client_id] = true; }
        if (result.status === "rejected") { rejected.push(result); }
      });
      // A malformed tap has no id the server could read: drop the batch's taps the server answered.
      if (data.results.length === batch.length) { batch.forEach(function (tap) { done[tap.client_id] = true; }); }
      saveQueue(loadQueue().filter(function (tap) { return !done[tap.client_id]; }));
      retryDelay = 5000;
      applyServerState(data);
      if (rejected.length) {
        messageBox.dataset.kind = "keep";
        say(root.dataset.msgRejected + ": " + rejected.map(function (r) { return r.error; }).join(" "));
      } else if (messageBox.dataset.kind === "keep") {
        messageBox.dataset.kind = "";
        say("");
      }
    }).catch(function () {
      scheduleRetry();
    }).then(function () {
      sending = false;
      renderCounters();
      if (loadQueue().length && !retryTimer && navigator.onLine !== false) { flush(); }
    });
  }

  // --- taps ---------------------------------------------------------------------------------------------
  root.addEventListener("submit", function (event) {
    var item = event.target.closest("[data-checkin-item]");
    if (!item) { return; }  // the search form
    event.preventDefault();
    var present = item.dataset.present !== "1";
    show(item, present);
    var queue = loadQueue();
    queue.push({
      client_id: newId(),
      delegate: parseInt(item.dataset.delegate, 10),
      day: day,
      present: present,
      at: new Date().toISOString()
    });
    saveQueue(queue);
    renderCounters();
    flush();
  });
  search.form.addEventListener("submit", function (event) {
    event.preventDefault();
    filter();
  });
  search.addEventListener("input", filter);
  if (searchButton) { searchButton.classList.add("visually-hidden"); }

  window.addEventListener("online", function () { showOfflineState(); retryDelay = 5000; flush(); });
  window.addEventListener("offline", showOfflineState);
  window.addEventListener("storage", function (event) {
    if (event.key !== storageKey) { return; }
    var pending = pendingFor(loadQueue());
    Object.keys(pending).forEach(function (pk) { if (items[pk]) { show(items[pk], pending[pk]); } });
    renderCounters();
  });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { flush(); } });

  // Taps not yet sent (from before a reload) show as made; then try to send them.
  var pending = pendingFor(loadQueue());
  Object.keys(pending).forEach(function (pk) { if (items[pk]) { show(items[pk], pending[pk]); } });
  // The server filtered the list for ?q=; the script shows everyone and filters as one types.
  Object.keys(items).forEach(function (pk) { items[pk].hidden = false; });
  filter();
  showOfflineState();
  flush();
})();
