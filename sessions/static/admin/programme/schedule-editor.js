/* The schedule editor (sessions/views/schedule.py): blocks dragged or resized with interact.js,
   moved in steps of the engine's start grid (a quarter of an hour: the release refuses other
   starts) and resized by the grid's five-minute rows, or moved with the keyboard from their title link;
   each move is sent to the server, which checks it with the release's rules and saves it or
   refuses it. The answer is shown beside the block and read out (aria-live). Without this
   script the page is a read-only grid whose titles open each session's admin form. */
(function () {
  "use strict";

  var grid = document.getElementById("sg");
  var strings = document.getElementById("sg-strings");
  if (!grid || !grid.dataset.moveUrl || !strings) {
    return;
  }
  var page = grid.closest(".sg-layout") || document;
  var status = document.getElementById("sg-status");
  var csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  var SLOT = Number(grid.dataset.slot);
  var ROWS = Number(grid.dataset.rows);
  var STEP = Math.max(1, Number(grid.dataset.step) / SLOT);
  var opens = grid.dataset.opens;
  var columns = Array.prototype.slice.call(grid.querySelectorAll(".sg-drop"));
  var scroller = grid.querySelector(".sg-scroll");
  var pending = null;
  var dragged = false;

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function minutesAt(row) {
    var clock = opens.split("T")[1].split(":");
    return Number(clock[0]) * 60 + Number(clock[1]) + (row - 1) * SLOT;
  }

  function clock(minutes) {
    return pad(Math.floor(minutes / 60) % 24) + ":" + pad(minutes % 60);
  }

  function startText(row) {
    return opens.split("T")[0] + "T" + clock(minutesAt(row));
  }

  function slotPixels() {
    return parseFloat(getComputedStyle(columns[0]).gridAutoRows) || 8;
  }

  function column(room) {
    return columns.filter(function (body) { return body.dataset.room === String(room); })[0];
  }

  function onStep(row) {
    return 1 + STEP * Math.round((row - 1) / STEP);
  }

  function clamp(row, span) {
    return Math.max(1, Math.min(row, ROWS - span + 1));
  }

  function place(element, row, span) {
    element.className = element.className
      .replace(/\bsg-r-\d+\b/, "sg-r-" + row)
      .replace(/\bsg-s-\d+\b/, "sg-s-" + span);
    element.dataset.row = row;
    element.dataset.span = span;
  }

  /* Put ``element`` back before ``next`` in ``parent``, or at its end when ``next`` has gone. */
  function restore(element, parent, next) {
    parent.insertBefore(element, next && next.parentNode === parent ? next : null);
  }

  function say(text) {
    status.textContent = text;
  }

  function noteRemove() {
    Array.prototype.forEach.call(grid.querySelectorAll(".sg-note"), function (note) {
      note.remove();
    });
  }

  /* The answer beside the block: a refusal's reasons, the warnings a saved move carries. */
  function note(block, kind, title, lines) {
    noteRemove();
    var box = document.createElement("div");
    box.className = "sg-note sg-note-" + kind + " sg-s-1 sg-r-" +
      Math.min(ROWS, Number(block.dataset.row) + Number(block.dataset.span));
    box.setAttribute("role", kind === "refused" ? "alert" : "status");
    var heading = document.createElement("strong");
    heading.textContent = title;
    box.appendChild(heading);
    if (lines.length) {
      var list = document.createElement("ul");
      lines.forEach(function (line) {
        var item = document.createElement("li");
        item.textContent = line;
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    box.addEventListener("click", noteRemove);
    block.parentNode.insertBefore(box, block.nextSibling);
    say(title + " " + lines.join(" "));
  }

  function send(move, done) {
    var body = new FormData();
    body.append("session", move.session);
    body.append("room", move.room);
    body.append("start", startText(move.row));
    body.append("duration_minutes", move.duration);
    body.append("grid_opens", opens);
    body.append("grid_rows", ROWS);
    fetch(grid.dataset.moveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
    })
      .then(function (response) {
        return response.json().catch(function () {
          return { ok: false, errors: [strings.dataset.failed] };
        });
      })
      .catch(function () {
        return { ok: false, errors: [strings.dataset.failed] };
      })
      .then(done);
  }

  /* A move of ``element`` (a block, or a session of the side list) to ``room`` at ``row``,
     ``span`` rows long: saved, the block is drawn anew from the answer; refused, it goes back
     where it was (``revert``). */
  function commit(element, room, row, span, revert, byKeyboard) {
    var move = {
      session: element.dataset.session,
      room: room,
      row: row,
      duration: span === Number(element.dataset.span) && element.dataset.duration ?
        element.dataset.duration : span * SLOT
    };
    element.classList.add("sg-busy");
    send(move, function (answer) {
      element.classList.remove("sg-busy");
      if (!answer.ok) {
        revert();
        var shown = element.isConnected ? element : document.getElementById("sg-block-" + move.session);
        if (shown && shown.classList.contains("sg-block")) {
          note(shown, "refused", strings.dataset.refused, answer.errors || []);
        } else {
          say(strings.dataset.refused + " " + (answer.errors || []).join(" "));
        }
        if (byKeyboard && shown) {
          shown.querySelector(".sg-handle").focus();
        }
        return;
      }
      var holder = document.createElement("template");
      holder.innerHTML = (answer.html || "").trim();
      var fresh = holder.content.firstElementChild;
      var from = document.getElementById("sg-block-" + move.session);
      if (from) {
        from.remove();
      }
      var item = page.querySelector('.sg-item[data-session="' + move.session + '"]');
      if (item) {
        item.remove();
      }
      if (element.isConnected) {
        element.remove();
      }
      if (!fresh) {
        say(strings.dataset.saved);
        return;
      }
      column(room).appendChild(fresh);
      var warnings = answer.warnings || [];
      var lines = fresh.dataset.pinned ? warnings.concat([strings.dataset.pinned]) : warnings;
      note(fresh, warnings.length ? "warned" : "saved",
        warnings.length ? strings.dataset.warned : strings.dataset.saved, lines);
      if (byKeyboard) {
        fresh.querySelector(".sg-handle").focus();
      }
    });
  }

  /* Dragging and resizing ------------------------------------------------------------- */

  function translate(element, x, y) {
    element.style.transform = x || y ? "translate(" + x + "px, " + y + "px)" : "";
  }

  var ghost = null;

  interact(".sg-block[data-session]")
    .draggable({
      ignoreFrom: ".sg-resize",
      autoScroll: { container: scroller },
      modifiers: [
        interact.modifiers.snap({
          targets: [interact.snappers.grid({ x: 1, y: slotPixels() * STEP })],
          offset: "startCoords",
          range: Infinity
        })
      ],
      listeners: {
        start: function (event) {
          cancelPending();
          noteRemove();
          event.target.classList.add("sg-dragging");
          event.target.dataset.x = 0;
          event.target.dataset.y = 0;
        },
        move: function (event) {
          var block = event.target;
          var x = Number(block.dataset.x) + event.dx;
          var y = Number(block.dataset.y) + event.dy;
          block.dataset.x = x;
          block.dataset.y = y;
          translate(block, x, y);
        },
        end: function (event) {
          event.target.classList.remove("sg-dragging");
          dragged = true;
          window.setTimeout(function () { dragged = false; }, 0);
          if (!event.relatedTarget) {
            translate(event.target, 0, 0);
          }
        }
      }
    })
    .resizable({
      edges: { bottom: ".sg-resize" },
      modifiers: [
        interact.modifiers.snapSize({ targets: [interact.snappers.grid({ width: 1, height: slotPixels() })] }),
        interact.modifiers.restrictSize({ min: { width: 10, height: slotPixels() } })
      ],
      listeners: {
        start: function (event) {
          cancelPending();
          noteRemove();
        },
        move: function (event) {
          event.target.style.height = event.rect.height + "px";
        },
        end: function (event) {
          var block = event.target;
          var span = Math.max(1, Math.round(event.rect.height / slotPixels()));
          var before = Number(block.dataset.span);
          block.style.height = "";
          dragged = true;
          window.setTimeout(function () { dragged = false; }, 0);
          if (span === before) {
            return;
          }
          var row = Number(block.dataset.row);
          span = Math.min(span, ROWS - row + 1);
          place(block, row, span);
          commit(block, block.dataset.room, row, span, function () { place(block, row, before); });
        }
      }
    });

  /* A session of the side list is dragged as a copy on top of the page, so that the list's
     own scrolling does not hide it. */
  interact(".sg-item[data-session]").draggable({
    listeners: {
      start: function (event) {
        cancelPending();
        noteRemove();
        ghost = event.target.cloneNode(true);
        ghost.classList.add("sg-ghost", "sg-dragging");
        ghost.style.position = "fixed";
        ghost.style.width = event.target.getBoundingClientRect().width + "px";
        ghost.style.pointerEvents = "none";
        document.body.appendChild(ghost);
      },
      move: function (event) {
        ghost.style.left = event.client.x + 4 + "px";
        ghost.style.top = event.client.y + 4 + "px";
      },
      end: function () {
        if (ghost) {
          ghost.remove();
          ghost = null;
        }
        dragged = true;
        window.setTimeout(function () { dragged = false; }, 0);
      }
    }
  });

  interact(".sg-drop").dropzone({
    accept: ".sg-block[data-session], .sg-item[data-session]",
    overlap: "pointer",
    listeners: {
      dropactivate: function (event) { event.target.classList.add("sg-drop-active"); },
      dropdeactivate: function (event) {
        event.target.classList.remove("sg-drop-active", "sg-drop-target");
      },
      dragenter: function (event) { event.target.classList.add("sg-drop-target"); },
      dragleave: function (event) { event.target.classList.remove("sg-drop-target"); },
      drop: function (event) {
        var body = event.target;
        var element = event.relatedTarget;
        var top = body.getBoundingClientRect().top;
        var pixels = slotPixels();
        if (element.classList.contains("sg-item")) {
          var length = Math.max(1, Math.ceil(Number(element.dataset.duration) / SLOT));
          var at = clamp(onStep(Math.floor((event.dragEvent.client.y - top) / pixels) + 1), length);
          commit(element, body.dataset.room, at, length, function () {});
          return;
        }
        var span = Number(element.dataset.span);
        var row = clamp(onStep(Math.round((element.getBoundingClientRect().top - top) / pixels) + 1), span);
        var origin = { parent: element.parentNode, next: element.nextSibling, row: Number(element.dataset.row) };
        translate(element, 0, 0);
        if (body.dataset.room === element.dataset.room && row === origin.row) {
          return;
        }
        body.appendChild(element);
        place(element, row, span);
        commit(element, body.dataset.room, row, span, function () {
          restore(element, origin.parent, origin.next);
          place(element, origin.row, span);
        });
      }
    }
  });

  page.addEventListener("click", function (event) {
    if (dragged && event.target.closest(".sg-block, .sg-item")) {
      event.preventDefault();
    }
  }, true);

  /* The keyboard ---------------------------------------------------------------------- */

  function describe(move) {
    var start = minutesAt(move.row);
    return strings.dataset.pending
      .replace("{title}", move.title)
      .replace("{room}", column(move.room).dataset.roomName)
      .replace("{start}", clock(start))
      .replace("{end}", clock(start + move.span * SLOT));
  }

  function cancelPending() {
    if (!pending) {
      return;
    }
    var move = pending;
    pending = null;
    move.element.classList.remove("sg-pending");
    move.revert();
  }

  /* A session of the side list starts in the first room at the day's opening, as a block. */
  function blockFor(item) {
    var block = document.createElement("article");
    var span = Math.max(1, Math.ceil(Number(item.dataset.duration) / SLOT));
    block.className = "sg-block sg-r-1 sg-s-" + span + " sg-lane-0";
    block.id = "sg-block-new-" + item.dataset.session;
    block.dataset.session = item.dataset.session;
    block.dataset.duration = item.dataset.duration;
    block.dataset.room = columns[0].dataset.room;
    block.dataset.row = 1;
    block.dataset.span = span;
    var title = document.createElement("h4");
    title.className = "sg-title";
    var handle = item.querySelector(".sg-handle").cloneNode(true);
    handle.className = "sg-handle";
    title.appendChild(handle);
    block.appendChild(title);
    columns[0].appendChild(block);
    return block;
  }

  function startPending(element) {
    noteRemove();
    var item = element.classList.contains("sg-item") ? element : null;
    var block = item ? blockFor(item) : element;
    var origin = { parent: block.parentNode, next: block.nextSibling, row: Number(block.dataset.row), span: Number(block.dataset.span) };
    pending = {
      element: block,
      item: item,
      title: block.querySelector(".sg-handle").textContent.trim(),
      room: block.dataset.room,
      row: Number(block.dataset.row),
      span: Number(block.dataset.span),
      revert: function () {
        if (item) {
          block.remove();
          item.querySelector(".sg-handle").focus();
          return;
        }
        restore(block, origin.parent, origin.next);
        place(block, origin.row, origin.span);
        block.querySelector(".sg-handle").focus();
      }
    };
    block.classList.add("sg-pending");
    noteRemove();
    return pending;
  }

  function show(move) {
    var target = column(move.room);
    if (move.element.parentNode !== target) {
      target.appendChild(move.element);
    }
    place(move.element, move.row, move.span);
    move.element.querySelector(".sg-handle").focus();
    move.element.scrollIntoView({ block: "nearest", inline: "nearest" });
    say(describe(move));
  }

  page.addEventListener("keydown", function (event) {
    var handle = event.target.closest(".sg-handle");
    if (!handle) {
      return;
    }
    var element = handle.closest(".sg-block[data-session], .sg-item[data-session]");
    if (!element) {
      return;
    }
    var key = event.key;
    var arrows = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"];
    var move = pending && (pending.element === element || pending.item === element) ? pending : null;
    if (key === "Escape" && move) {
      event.preventDefault();
      cancelPending();
      say(strings.dataset.cancelled);
      return;
    }
    if (key === "Enter" && move) {
      event.preventDefault();
      pending = null;
      move.element.classList.remove("sg-pending");
      commit(move.element, move.room, move.row, move.span, move.revert, true);
      return;
    }
    if (arrows.indexOf(key) < 0) {
      return;
    }
    event.preventDefault();
    if (!move) {
      cancelPending();
      move = startPending(element);
      if (move.item) {
        show(move);
        return;
      }
    }
    var rtl = getComputedStyle(grid).direction === "rtl";
    var index = columns.indexOf(column(move.room));
    if (key === "ArrowUp" || key === "ArrowDown") {
      var step = key === "ArrowUp" ? -1 : 1;
      if (event.altKey) {
        move.span = Math.max(1, Math.min(ROWS - move.row + 1, move.span + step));
      } else {
        move.row = clamp(onStep(move.row) + step * (event.shiftKey ? 30 / SLOT : STEP), move.span);
      }
    } else {
      var forward = (key === "ArrowRight") !== rtl;
      index = Math.max(0, Math.min(columns.length - 1, index + (forward ? 1 : -1)));
      move.room = columns[index].dataset.room;
    }
    show(move);
  });
})();
