{% autoescape off %}/* The released programme of "{{ slug }}", drawn on another site's page from its public
   JSON feed. Plain JavaScript: no eval, no inline handler, no global name, no cookie. */
(function (config) {% verbatim %}{
  "use strict";

  var strings = config.strings;

  /* The <script> element that loaded this copy; marked, so that a page including the widget
     twice for one place draws it once. */
  function ownScript() {
    var current = document.currentScript;
    if (current && !current.hasAttribute("data-treaty-widget-drawn")) return current;
    var scripts = document.querySelectorAll("script[src]");
    for (var index = 0; index < scripts.length; index++) {
      var candidate = scripts[index];
      if (candidate.hasAttribute("data-treaty-widget-drawn")) continue;
      if (new URL(candidate.src, document.baseURI).pathname === config.script) return candidate;
    }
    return null;
  }

  var script = ownScript();
  if (!script) return;
  script.setAttribute("data-treaty-widget-drawn", "");
  var base = new URL(script.src, document.baseURI);

  function address(path) {
    return new URL(path, base).href;
  }

  function option(name) {
    var value = script.getAttribute("data-" + name);
    return value === null ? "" : value.trim();
  }

  function list(name) {
    return option(name).split(",").map(function (part) { return part.trim(); })
      .filter(function (part) { return part !== ""; });
  }

  function positive(name) {
    var value = parseInt(option(name), 10);
    return value > 0 ? value : 0;
  }

  function named(names, key) {
    return Object.prototype.hasOwnProperty.call(names, key) ? names[key] : "";
  }

  var options = {
    day: option("day"),
    kinds: list("kind"),
    rooms: list("room").map(function (room) { return named(config.rooms, room) || room; }),
    limit: positive("limit"),
    height: positive("height"),
    tabs: option("tabs") !== "false",
    title: option("title") !== "false",
    target: option("target")
  };

  /* An element with attributes and children (text is always set as text, never as HTML). */
  function make(name, attributes, children) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.append(child);
    });
    return node;
  }

  function place() {
    if (options.target) {
      try {
        var target = document.querySelector(options.target);
        if (target) return target;
      } catch (error) { /* not a selector: drawn after the script instead */ }
    }
    var box = make("div", { "class": "treaty-programme" });
    if (script.parentNode && script.parentNode !== document.head) {
      script.parentNode.insertBefore(box, script.nextSibling);
    } else {
      document.body.append(box);
    }
    return box;
  }

  /* A script in the page's <head>, or one drawing into an element further down, waits for
     the page to be read. */
  if (document.readyState === "loading" &&
      (options.target || !script.parentNode || script.parentNode === document.head)) {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {
    var host = place();
    if (host.shadowRoot) return;
    var root = host.attachShadow({ mode: "open" });
    if (typeof CSSStyleSheet === "function" && "adoptedStyleSheets" in root &&
        "replaceSync" in CSSStyleSheet.prototype) {
      /* A constructed style sheet: the host's style-src, which may refuse a <style>, does not
         apply to it. */
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(config.css);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.append(make("link", { rel: "stylesheet", href: address(config.stylesheet) }));
    }

    var frame = make("section", {
      "class": "frame", lang: config.language, dir: config.direction, "aria-busy": "true",
      "aria-label": strings.programme
    });
    root.append(frame);
    var status = make("p", { "class": "status", role: "status" }, [strings.loading]);
    frame.append(status);

    function newTab(href, text) {
      var link = make("a", { href: href, target: "_blank", rel: "noopener" }, [text]);
      link.append(make("span", { "class": "visually-hidden" }, [" " + strings.newTab]));
      return link;
    }

    function failed(message) {
      frame.setAttribute("aria-busy", "false");
      frame.replaceChildren(status);
      status.replaceChildren(message + " ", newTab(address(config.programme), strings.open));
      status.className = "status error";
      status.setAttribute("role", "alert");
    }

    if (!config.published) {
      failed(strings.unpublished);
      return;
    }

    function safeLink(text) {
      try {
        var url = new URL(text, base);
        if (url.protocol === "https:" || url.protocol === "http:") return url.href;
      } catch (error) { /* not an address: the programme's own page instead */ }
      return address(config.programme);
    }

    /* Every session of the JSON feed (the frab schedule), with the day it starts and ends on in
       the event's own time zone, as the feed writes its times. */
    function sessionsOf(document_) {
      var conference = document_ && document_.schedule && document_.schedule.conference;
      if (!conference || !Array.isArray(conference.days)) throw new Error("Not a schedule.");
      var sessions = [];
      var roomOrder = {};
      conference.days.forEach(function (day) {
        var rooms = day.rooms || {};
        Object.keys(rooms).forEach(function (room) {
          if (!(room in roomOrder)) roomOrder[room] = Object.keys(roomOrder).length;
          rooms[room].forEach(function (event) {
            var start = String(event.date), end = String(event.end || event.date);
            sessions.push({
              title: String(event.title), room: String(event.room || room),
              kind: String(event.type),
              start: start, end: end, startDay: start.slice(0, 10), endDay: end.slice(0, 10),
              startTime: start.slice(11, 16), endTime: end.slice(11, 16),
              url: safeLink(event.url), order: roomOrder[room]
            });
          });
        });
      });
      sessions.sort(function (a, b) {
        return (Date.parse(a.start) - Date.parse(b.start)) || (a.order - b.order) ||
          a.title.localeCompare(b.title);
      });
      return {
        title: String(conference.title || ""),
        zone: String(conference.time_zone_name || ""),
        days: conference.days.map(function (day) { return String(day.date); }),
        sessions: sessions
      };
    }

    function chosen(session) {
      return (!options.kinds.length || options.kinds.indexOf(session.kind) !== -1) &&
        (!options.rooms.length || options.rooms.indexOf(session.room) !== -1);
    }

    /* Held on the day: starting on it, or running through it (a two-day exhibition). */
    function heldOn(session, day) {
      return session.startDay === day || (session.startDay < day &&
        (session.endDay > day || (session.endDay === day && session.endTime !== "00:00")));
    }

    function formatter(settings) {
      try {
        return new Intl.DateTimeFormat(config.locale, settings);
      } catch (error) {
        return new Intl.DateTimeFormat(undefined, settings);
      }
    }

    var dayName = formatter({ weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
    var dayLong = formatter({ weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
    var dateShort = formatter({ day: "numeric", month: "short", timeZone: "UTC" });

    function noon(day) {
      var parts = day.split("-").map(Number);
      return new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], 12));
    }

    function zoneLabel(zone, day) {
      try {
        var parts = formatter({ timeZone: zone, timeZoneName: "shortOffset" })
          .formatToParts(noon(day));
        for (var index = 0; index < parts.length; index++) {
          if (parts[index].type === "timeZoneName") return parts[index].value;
        }
      } catch (error) { /* an older browser: the zone's name says it too */ }
      return zone;
    }

    function today(zone) {
      try {
        var parts = {};
        new Intl.DateTimeFormat("en", {
          timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"
        }).formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
        return parts.year + "-" + parts.month + "-" + parts.day;
      } catch (error) {
        return "";
      }
    }

    function when(session, day) {
      var text = session.startDay === day ? session.startTime
        : dateShort.format(noon(session.startDay)) + " " + session.startTime;
      text += "–" + (session.endDay === day ? session.endTime
        : dateShort.format(noon(session.endDay)) + " " + session.endTime);
      return make("span", { "class": "when", dir: "ltr" }, [
        make("time", { datetime: session.start }, [text])
      ]);
    }

    function line(session, day) {
      var meta = [make("bdi", {}, [session.room])];
      var kind = named(config.kinds, session.kind);
      if (kind) meta.push(" · " + kind);
      return make("li", { "class": "session kind-" + session.kind.replace(/[^a-z_]/g, "") }, [
        when(session, day),
        make("span", { "class": "what" }, [
          newTab(session.url, make("bdi", {}, [session.title])),
          make("span", { "class": "meta" }, meta)
        ])
      ]);
    }

    function draw(programme) {
      var sessions = programme.sessions.filter(chosen);
      var days = programme.days.filter(function (day) {
        return sessions.some(function (session) { return heldOn(session, day); });
      });
      frame.setAttribute("aria-busy", "false");
      status.remove();
      frame.setAttribute("aria-label", programme.title || strings.programme);
      if (options.title && programme.title) {
        frame.append(make("h2", { "class": "title" }, [
          newTab(address(config.programme), make("bdi", {}, [programme.title]))
        ]));
      }
      if (!days.length) {
        frame.append(make("p", { "class": "status" }, [strings.nothing]));
        frame.append(footer(programme, programme.days[0]));
        return;
      }
      var wanted = days.indexOf(options.day) !== -1 ? options.day : today(programme.zone);
      var current = Math.max(days.indexOf(wanted), 0);
      var tabs = [];
      if (options.tabs && days.length > 1) {
        var tablist = make("div", { "class": "tabs", role: "tablist", "aria-label": strings.days });
        days.forEach(function (day, index) {
          var tab = make("button", {
            type: "button", role: "tab", id: "tab-" + index, "aria-controls": "panel"
          }, [dayName.format(noon(day))]);
          tab.addEventListener("click", function () { select(index, false); });
          tablist.append(tab);
          tabs.push(tab);
        });
        tablist.addEventListener("keydown", function (event) {
          var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
          if (step && config.direction === "rtl") step = -step;
          var next = event.key === "Home" ? 0 : event.key === "End" ? days.length - 1
            : step ? (current + step + days.length) % days.length : -1;
          if (next === -1) return;
          event.preventDefault();
          select(next, true);
        });
        frame.append(tablist);
      }
      var heading = make("h3", { "class": tabs.length ? "visually-hidden" : "day", id: "day" });
      var panel = make("div", { "class": "panel", id: "panel" });
      if (tabs.length) panel.setAttribute("role", "tabpanel");
      if (options.height) {
        /* A list that scrolls within its height is reached from the keyboard too. */
        panel.style.maxHeight = options.height + "px";
        panel.setAttribute("tabindex", "0");
      }
      frame.append(heading, panel);
      var foot = make("div");
      frame.append(foot);

      function select(index, focus) {
        current = index;
        var day = days[index];
        tabs.forEach(function (tab, other) {
          tab.setAttribute("aria-selected", other === index ? "true" : "false");
          tab.setAttribute("tabindex", other === index ? "0" : "-1");
        });
        if (focus && tabs[index]) tabs[index].focus();
        heading.textContent = dayLong.format(noon(day));
        panel.setAttribute("aria-labelledby", tabs.length ? "tab-" + index : "day");
        var held = sessions.filter(function (session) { return heldOn(session, day); });
        var shown = options.limit ? held.slice(0, options.limit) : held;
        var items = make("ol", { "class": "sessions" });
        shown.forEach(function (session) { items.append(line(session, day)); });
        panel.replaceChildren(items);
        if (shown.length < held.length) {
          panel.append(make("p", { "class": "more" }, [
            newTab(address(config.day.replace("YYYY-MM-DD", day)), strings.more)
          ]));
        }
        foot.replaceWith(foot = footer(programme, day));
      }
      select(current, false);
    }

    function footer(programme, day) {
      return make("div", { "class": "foot" }, [
        make("span", {}, [strings.zone.replace("{zone}", zoneLabel(programme.zone, day))]),
        newTab(address(config.programme), strings.full)
      ]);
    }

    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, 15000);
    fetch(address(config.feed), {
      credentials: "omit", mode: "cors", signal: controller ? controller.signal : undefined
    })
      .then(function (response) {
        if (!response.ok) throw new Error("The feed answered " + response.status + ".");
        return response.json();
      })
      .then(function (document_) {
        clearTimeout(timer);
        draw(sessionsOf(document_));
      })
      .catch(function () {
        clearTimeout(timer);
        failed(strings.failed);
      });
  }
}{% endverbatim %})({{ config }});
{% endautoescape %}