// Filters the gallery's cards in the page itself: no requests, so it works from file://.
// The search data is a JSON <script> the page embeds (file:// pages may not fetch files).
(function () {
  "use strict";

  var entries = JSON.parse(document.getElementById("entries").textContent);
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  var empty = document.getElementById("empty");
  var clear = document.getElementById("clear");
  var chips = Array.prototype.slice.call(document.querySelectorAll(".chip[data-tag], .chip[data-mood]"));
  var state = { tag: null, mood: null, text: "" };

  // Accents and case never stop a match: "Celebração" is found by "celebracao".
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var cards = entries.map(function (entry) {
    return {
      entry: entry,
      element: document.querySelector('.card[data-id="' + entry.id + '"]'),
      haystack: fold([entry.title, entry.author, entry.story, entry.mood].concat(entry.tags).join("\n")),
    };
  });

  function matches(card, words) {
    var entry = card.entry;
    if (state.tag !== null && entry.tags.indexOf(state.tag) < 0) return false;
    if (state.mood !== null && entry.mood !== state.mood) return false;
    return words.every(function (word) { return card.haystack.indexOf(word) >= 0; });
  }

  function apply() {
    var words = fold(state.text).split(/\s+/).filter(Boolean);
    var count = 0;
    cards.forEach(function (card) {
      var visible = matches(card, words);
      if (card.element) card.element.hidden = !visible;
      if (visible) count += 1;
    });
    chips.forEach(function (chip) {
      var on = chip.dataset.tag !== undefined ? chip.dataset.tag === state.tag : chip.dataset.mood === state.mood;
      chip.setAttribute("aria-pressed", on ? "true" : "false");
    });
    shown.textContent = String(count);
    empty.hidden = count > 0;
    clear.hidden = state.tag === null && state.mood === null && state.text === "";
    remember();
  }

  // The filters live in the address's #fragment, so entry pages can link to "#tag=joy"
  // and a filtered view can be bookmarked.
  function remember() {
    var parts = [];
    if (state.tag !== null) parts.push("tag=" + encodeURIComponent(state.tag));
    if (state.mood !== null) parts.push("mood=" + encodeURIComponent(state.mood));
    if (state.text) parts.push("q=" + encodeURIComponent(state.text));
    var address = parts.length ? "#" + parts.join("&") : location.pathname + location.search;
    try {
      history.replaceState(null, "", address);
    } catch (error) {
      // Some browsers refuse history changes on file:// pages; the filter still works.
    }
  }

  function recall() {
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at < 0) return;
      var key = part.slice(0, at);
      var value;
      try { value = decodeURIComponent(part.slice(at + 1)); } catch (error) { return; }
      if (key === "tag") state.tag = value;
      if (key === "mood") state.mood = value;
      if (key === "q") state.text = value;
    });
    search.value = state.text;
  }

  chips.forEach(function (chip) {
    chip.addEventListener("click", function () {
      if (chip.dataset.tag !== undefined) {
        state.tag = state.tag === chip.dataset.tag ? null : chip.dataset.tag;
      } else {
        state.mood = state.mood === chip.dataset.mood ? null : chip.dataset.mood;
      }
      apply();
    });
  });
  search.addEventListener("input", function () {
    state.text = search.value.trim();
    apply();
  });
  clear.addEventListener("click", function () {
    state = { tag: null, mood: null, text: "" };
    search.value = "";
    apply();
    search.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== search) {
      event.preventDefault();
      search.focus();
    }
  });

  recall();
  apply();
})();
