/* arcticroute web page: form -> /api/compare, map (Leaflet + Proj4Leaflet), table, season chart.
 *
 * Everything the page shows comes from the JSON API of the same server; the
 * libraries are shipped in /static/vendor (no CDN). The map has no tile layer:
 * land, ice and NSR zones are GeoJSON layers from /api/land, /api/ice/{date}
 * and /api/nsr-zones, drawn in a polar Lambert azimuthal equal-area projection
 * (the mean longitude of the two ports at the bottom, as in the CLI's maps)
 * when a route goes north of 60°N, else in the Equal Earth world projection.
 */
(function () {
  "use strict";

  var POLAR_THRESHOLD_LAT = 60; // arcticroute.plots.routemap.POLAR_THRESHOLD_LAT
  var COLOURS = { // arcticroute.plots.routemap.ROUTE_COLOURS, plus the ice-only variants
    suez: "#1f77b4", cape: "#8c564b", panama: "#9467bd", nsr: "#d62728",
    nwp: "#ff7f0e", auto: "#2ca02c", nsr_high: "#e377c2", transpolar: "#17becf"
  };
  var ICE_STYLE = {
    "15-50": { fillColor: "#ffffff", fillOpacity: 0.45 },
    "50-80": { fillColor: "#ffffff", fillOpacity: 0.72 },
    "80-100": { fillColor: "#ffffff", fillOpacity: 0.95 },
    "unknown": { fillColor: "#8f8f8f", fillOpacity: 0.55 }
  };
  var ESCORT = "#ff8c00";
  var RESOLUTIONS = [];
  for (var i = 0; i <= 12; i++) { RESOLUTIONS.push(Math.pow(2, 16 - i)); } // m per px

  var state = {
    view: "world", lon0: 60, map: null, layers: {}, land: null, zones: null,
    ice: null, doc: null, season: null, portCodes: {}
  };

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { e.textContent = attrs[k]; } else if (k === "cls") { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  function svg(tag, attrs) {
    var e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  function fmt(x, nd) {
    if (x === null || x === undefined || isNaN(x)) { return "–"; }
    return Number(x).toLocaleString("en-US", { minimumFractionDigits: nd || 0, maximumFractionDigits: nd || 0 });
  }

  // --- API -------------------------------------------------------------------------------

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().catch(function () { return { error: "bad_response", message: "HTTP " + r.status }; })
        .then(function (body) {
          if (!r.ok) { var err = new Error(body.message || ("HTTP " + r.status)); err.body = body; err.status = r.status; throw err; }
          return body;
        });
    });
  }

  function portValue(input) {
    var v = input.value.trim();
    if (state.portCodes[v]) { return state.portCodes[v]; }
    var m = /\(([A-Z]{2}[A-Z0-9]{3})\)$/.exec(v);
    return m ? m[1] : v;
  }

  function formParams() {
    var p = new URLSearchParams();
    p.set("from", portValue($("from")));
    p.set("to", portValue($("to")));
    p.set("date", $("date").value);
    p.set("ship", $("ship").value);
    ["ice_class", "design_speed_kn", "draft_m"].forEach(function (k) {
      if ($(k).value !== "") { p.set(k, $(k).value); }
    });
    return p;
  }

  // --- map -------------------------------------------------------------------------------

  function crsFor(view, lon0) {
    if (view === "polar") {
      var e = 12800000;
      return new L.Proj.CRS("AR:laea" + lon0,
        "+proj=laea +lat_0=90 +lon_0=" + lon0 + " +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
        { resolutions: RESOLUTIONS, origin: [-e, e], bounds: L.bounds([-e, -e], [e, e]) });
    }
    return new L.Proj.CRS("AR:eqearth",
      "+proj=eqearth +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
      { resolutions: RESOLUTIONS, origin: [-17400000, 8500000], bounds: L.bounds([-17400000, -8500000], [17400000, 8500000]) });
  }

  function buildMap() {
    if (state.map) { state.map.remove(); }
    var map = L.map("map", {
      crs: crsFor(state.view, state.lon0), zoomSnap: 0.25, zoomDelta: 0.5,
      worldCopyJump: false, attributionControl: true, preferCanvas: false
    });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Land: Natural Earth · Ice: NOAA/NSIDC CDR");
    ["ice", "zones", "land", "grid", "routes"].forEach(function (name, k) {
      var pane = map.createPane(name);
      pane.style.zIndex = String(400 + k * 10);
    });
    state.map = map;
    state.layers = {};
    document.querySelectorAll(".views button").forEach(function (b) {
      b.classList.toggle("active", b.getAttribute("data-view") === state.view);
    });
    map.setView([90, 0], 1);
    var frame = [];
    for (var lon = -180; lon <= 180; lon += 15) {
      if (state.view === "polar") { frame.push(L.latLng(55, lon)); } else { frame.push(L.latLng(-55, lon), L.latLng(80, lon)); }
    }
    fitProjected(frame);
    addLegend(map);
  }

  function setLayer(name, layer) {
    if (state.layers[name]) { state.map.removeLayer(state.layers[name]); }
    state.layers[name] = layer;
    if (layer) { layer.addTo(state.map); }
  }

  function drawLand() {
    if (!state.land || !state.map) { return; }
    setLayer("land", L.geoJSON(state.land, {
      pane: "land", interactive: false,
      style: { color: "#8a8780", weight: 0.6, fillColor: "#e8e6e1", fillOpacity: 1 }
    }));
    $("map").setAttribute("data-land", "drawn");
  }

  function drawGraticule() {
    if (state.view !== "polar") { setLayer("grid", null); return; }
    var lines = [];
    [60, 70, 80].forEach(function (lat) {
      var ring = [];
      for (var lon = -180; lon <= 180; lon += 3) { ring.push([lat, lon]); }
      lines.push(ring);
    });
    for (var lon = -180; lon < 180; lon += 30) { lines.push([[50, lon], [89.5, lon]]); }
    setLayer("grid", L.polyline(lines, {
      pane: "grid", interactive: false, color: "#6b7c93", weight: 0.6, opacity: 0.6, dashArray: "3 4"
    }));
  }

  function drawIce() {
    var on = $("show-ice").checked && state.view === "polar" && state.ice;
    setLayer("ice", on ? L.geoJSON(state.ice, {
      pane: "ice", interactive: false,
      style: function (f) {
        var s = ICE_STYLE[f.properties.band] || ICE_STYLE.unknown;
        return { stroke: false, fillColor: s.fillColor, fillOpacity: s.fillOpacity };
      }
    }) : null);
    if (on) { $("map").setAttribute("data-ice", state.ice.requested_date || ""); }
  }

  function escortZones() {
    var zones = {};
    var doc = state.doc;
    if (!doc) { return zones; }
    (doc.routes || []).forEach(function (r) {
      (r.zones || []).forEach(function (z) { if (z.escort_needed) { zones[z.zone] = true; } });
    });
    return zones;
  }

  function drawZones() {
    var on = $("show-zones").checked && state.view === "polar" && state.zones;
    if (!on) { setLayer("zones", null); return; }
    var escort = escortZones();
    var layer = L.geoJSON(state.zones, {
      pane: "zones",
      style: function (f) {
        var e = escort[f.properties.zone];
        return {
          color: e ? "#d06a00" : "#6a3d9a", weight: e ? 2.2 : 1, dashArray: e ? null : "4 3",
          fillColor: e ? ESCORT : "#6a3d9a", fillOpacity: e ? 0.2 : 0.05
        };
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        l.bindTooltip("NSR zone " + p.zone + ": " + p.name + (escort[p.zone] ? " (escort needed)" : ""), { sticky: true });
      }
    });
    setLayer("zones", layer);
    var biggest = {};
    layer.eachLayer(function (l) {
      var z = l.feature.properties.zone;
      var e = l.getElement && l.getElement();
      if (e) {
        e.setAttribute("data-zone", z);
        if (escort[z]) { e.setAttribute("data-escort", "true"); }
      }
      var n = l.getLatLngs()[0].length;
      if (!biggest[z] || n > biggest[z].n) { biggest[z] = { n: n, layer: l }; }
    });
    Object.keys(biggest).forEach(function (z) {
      var icon = L.divIcon({ className: "zone-label", html: String(z), iconSize: [16, 14] });
      L.marker(biggest[z].layer.getCenter(), { icon: icon, pane: "zones", interactive: false }).addTo(layer);
    });
  }

  function tagPaths(layer, attrs) {
    layer.eachLayer(function (l) {
      var e = l.getElement && l.getElement();
      if (e) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
      if (l.eachLayer) { tagPaths(l, attrs); }
    });
  }

  function drawRoutes() {
    var doc = state.doc;
    if (!doc) { setLayer("routes", null); return; }
    var group = L.featureGroup();
    var shown = [];
    doc.routes.forEach(function (r) {
      var colour = COLOURS[r.via] || "#2ca02c";
      var casing = L.geoJSON(r.geometry, { pane: "routes", interactive: false, style: { color: "#ffffff", weight: 5.5, opacity: 0.85 } });
      group.addLayer(casing);
      if (r.escort_geometry) {
        var esc = L.geoJSON(r.escort_geometry, { pane: "routes", style: { color: ESCORT, weight: 11, opacity: 0.75, lineCap: "butt" } });
        esc.bindTooltip(r.via + ": sailed under icebreaker escort", { sticky: true });
        group.addLayer(esc);
        esc._arEscort = r.via;
      }
      var line = L.geoJSON(r.geometry, { pane: "routes", style: { color: colour, weight: 3, opacity: 0.95 } });
      var tip = r.via + ": " + fmt(r.distance_nm) + " nm, " + fmt(r.duration_days, 1) + " days";
      line.bindTooltip(tip, { sticky: true });
      line._arVia = r.via;
      group.addLayer(line);
      shown.push(r.via);
    });
    [doc.from, doc.to].forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], { pane: "routes", radius: 5, color: "#111", weight: 1.5, fillColor: "#ffd400", fillOpacity: 1 });
      m.bindTooltip(p.name, { permanent: true, direction: "right", offset: [6, 0], className: "port-label" });
      group.addLayer(m);
    });
    setLayer("routes", group);
    group.eachLayer(function (l) {
      if (l._arVia) { tagPaths(l, { "data-via": l._arVia, "class": "ar-route leaflet-interactive" }); }
      if (l._arEscort) { tagPaths(l, { "data-escort": l._arEscort, "class": "ar-escort leaflet-interactive" }); }
    });
    $("map").setAttribute("data-routes", shown.join(","));
  }

  function routeLatLngs(geometry) {
    var lines = geometry.type === "LineString" ? [geometry.coordinates] : geometry.coordinates;
    var out = [];
    lines.forEach(function (line) { line.forEach(function (c) { out.push(L.latLng(c[1], c[0])); }); });
    return out;
  }

  function fitProjected(latlngs) {
    // Leaflet's fitBounds frames a lon/lat rectangle, wrong in a polar projection:
    // frame the projected points instead.
    var map = state.map, crs = map.options.crs;
    var xs = [], ys = [];
    latlngs.forEach(function (ll) {
      var p = crs.projection.project(ll);
      if (isFinite(p.x) && isFinite(p.y)) { xs.push(p.x); ys.push(p.y); }
    });
    if (!xs.length) { return; }
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var size = map.getSize(), pad = 30;
    var res = Math.max((x1 - x0) / Math.max(size.x - 2 * pad, 50), (y1 - y0) / Math.max(size.y - 2 * pad, 50), 200);
    var zoom = Math.floor(crs.zoom(1 / res) * 4) / 4;
    map.setView(crs.projection.unproject(L.point((x0 + x1) / 2, (y0 + y1) / 2)), zoom, { animate: false });
  }

  function fitView() {
    var doc = state.doc;
    if (!doc) { return; }
    var pts = [L.latLng(doc.from.lat, doc.from.lon), L.latLng(doc.to.lat, doc.to.lon)];
    doc.routes.forEach(function (r) {
      // The polar view frames the Arctic routes and the Suez route north of 25°N (the
      // reference); the Cape, Panama and the far south of Suez may leave the frame.
      var arctic = r.max_lat > POLAR_THRESHOLD_LAT;
      routeLatLngs(r.geometry).forEach(function (ll) {
        if (state.view === "world" || arctic || (r.via === "suez" && ll.lat > 25)) { pts.push(ll); }
      });
    });
    if (state.view === "polar") {
      [0, 90, 180, 270].forEach(function (d) { pts.push(L.latLng(70, state.lon0 + d)); });
    }
    fitProjected(pts);
  }

  function drawAll() {
    buildMap();
    drawLand();
    drawGraticule();
    drawIce();
    drawZones();
    drawRoutes();
    fitView();
    caption();
  }

  function caption() {
    var c = "";
    if (state.view === "polar" && state.ice && $("show-ice").checked) {
      var ice = state.ice;
      c = "Ice " + (ice.requested_date || "") + ": " + (ice.ice_source || "") + " (" + (ice.product || "") +
        (ice.statistic ? " " + ice.statistic : "") + ")";
    } else if (state.view === "world") {
      c = "World view: ice and NSR zones are drawn in the polar view";
    }
    $("map-caption").textContent = c;
  }

  function addLegend(map) {
    var legend = L.control({ position: "bottomleft" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "legend");
      if (!state.doc && state.view !== "polar") { div.hidden = true; }
      var vias = state.doc ? state.doc.routes.map(function (r) { return r.via; }) : [];
      vias.forEach(function (v) {
        var row = el("div", {}, [el("span", { cls: "ln" }), v]);
        row.firstChild.style.borderTopColor = COLOURS[v] || "#2ca02c";
        div.appendChild(row);
      });
      if (state.view === "polar") {
        [["80-100", "ice 80–100 %"], ["50-80", "ice 50–80 %"], ["15-50", "ice 15–50 %"], ["unknown", "ice unknown"]].forEach(function (b) {
          var row = el("div", {}, [el("span", { cls: "sw" }), b[1]]);
          var c = b[0] === "unknown" ? "143,143,143" : "255,255,255";
          var a = ICE_STYLE[b[0]].fillOpacity;
          row.firstChild.style.background = "linear-gradient(rgba(" + c + "," + a + "), rgba(" + c + "," + a + ")), #dbe8f4";
          div.appendChild(row);
        });
        var z = el("div", {}, [el("span", { cls: "sw" }), "NSR zone (escort needed)"]);
        z.firstChild.style.background = ESCORT;
        z.firstChild.style.opacity = "0.6";
        div.appendChild(z);
        var e = el("div", {}, [el("span", { cls: "ln" }), "escorted segment"]);
        e.firstChild.style.borderTopColor = ESCORT;
        e.firstChild.style.borderTopWidth = "6px";
        div.appendChild(e);
      }
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(map);
  }

  function setView(view) {
    state.view = view;
    drawAll();
  }

  // --- table, verdicts ---------------------------------------------------------------------

  function feasibilityCell(r, v) {
    var td = el("td");
    if (!v) {
      td.appendChild(el("span", { cls: "yes", text: "yes" }));
      td.appendChild(document.createTextNode(" (open-water lanes)"));
      return td;
    }
    td.appendChild(el("span", { cls: v.feasible ? "yes" : "no", text: v.feasible ? "FEASIBLE" : "NOT FEASIBLE" }));
    var src = v.ice_source;
    td.appendChild(document.createTextNode(" " + src.kind + " ice" + (src.statistic ? " (" + src.statistic + ")" : "") +
      (v.feasible && v.arrival ? ", arrives " + v.arrival.replace("T", " ") : "")));
    if (v.escort_zones && v.escort_zones.length) {
      td.appendChild(el("div", { cls: "escort", text: "escort in zone(s) " + v.escort_zones.join(", ") }));
    }
    if (v.heavy_ice) {
      td.appendChild(el("div", { text: "heavy ice (p90): " + (v.heavy_ice.feasible ? "feasible, " + fmt(v.heavy_ice.hours / 24, 1) + " days" : "not feasible") }));
    }
    if (v.reasons && v.reasons.length) {
      td.appendChild(el("ul", { cls: "reasons" }, v.reasons.map(function (x) { return el("li", { text: x }); })));
    }
    return td;
  }

  var PASSAGE_TITLES = {
    suez: "Suez", panama: "Panama", malacca: "Malacca", gibraltar: "Gibraltar", babelmandeb: "Bab-el-M.",
    bering: "Bering", cape: "Good Hope", cape_horn: "Cape Horn", magellan: "Magellan", nsr: "NSR",
    nsr_kara: "Kara Sea", nwp: "NWP"
  }; // cli._TITLES

  function label(via) { return via === "auto" ? "direct" : via; } // the direct route

  function renderTable(doc) {
    var tbody = $("compare-table").querySelector("tbody");
    tbody.textContent = "";
    var unit = null;
    doc.routes.forEach(function (r) { if (r.economics && !unit) { unit = r.economics.cargo_unit; } });
    $("unit-col").textContent = "$/" + (unit || "unit");
    doc.routes.forEach(function (r) {
      var e = r.economics;
      var s = r.saving_vs_suez;
      var same = s === null || r.via === "suez" || Math.abs(s.distance_pct) < 1e-9;
      var vs = same ? "–" : (-s.distance_pct > 0 ? "+" : "") + fmt(-s.distance_pct, 1) + " %";
      var sw = el("span", { cls: "swatch" });
      sw.style.background = COLOURS[r.via] || "#2ca02c";
      var tr = el("tr", { "data-via": r.via, "data-feasible": String(r.feasible) }, [
        el("td", {}, [sw, label(r.via)]),
        el("td", { text: r.passages.filter(function (p) { return p !== "inland"; }).map(function (p) { return PASSAGE_TITLES[p] || p; }).join(" · ") || "–" }),
        el("td", { cls: "num", text: fmt(r.distance_nm) }),
        el("td", { cls: "num", text: fmt(r.duration_days, 1) }),
        el("td", { cls: "num", text: vs }),
        el("td", { cls: "num", text: e ? fmt(e.costs.total_usd / 1e6, 2) : "n/a" }),
        el("td", { cls: "num", text: e && e.per_unit_usd !== null ? fmt(e.per_unit_usd) : "–" }),
        el("td", { cls: "num", text: e ? fmt(e.co2_t) : "–" }),
        feasibilityCell(r, r.ice)
      ]);
      tbody.appendChild(tr);
    });
    Object.keys(doc.verdicts || {}).forEach(function (via) {
      if (doc.routes.some(function (r) { return r.via === via; })) { return; }
      var v = doc.verdicts[via];
      var sw = el("span", { cls: "swatch" });
      sw.style.background = COLOURS[via] || "#999";
      var tr = el("tr", { "data-via": via, "data-feasible": "false", cls: "infeasible" }, [
        el("td", {}, [sw, label(via)]), el("td", { text: "–" }), el("td", { cls: "num", text: "–" }),
        el("td", { cls: "num", text: "–" }), el("td", { cls: "num", text: "–" }), el("td", { cls: "num", text: "–" }),
        el("td", { cls: "num", text: "–" }), el("td", { cls: "num", text: "–" }), feasibilityCell(null, v)
      ]);
      tbody.appendChild(tr);
    });
    var said = { not_applicable: "does not apply: ", not_considered: "not considered: " };
    Object.keys(doc.unavailable || {}).forEach(function (via) {
      if ((doc.verdicts || {})[via]) { return; }
      var c = (doc.corridors || []).filter(function (x) { return x.via === via; })[0];
      var why = (c && said[c.status] ? said[c.status] : "") + doc.unavailable[via];
      tbody.appendChild(el("tr", { "data-via": via, "data-feasible": "false", cls: "infeasible" }, [
        el("td", { text: label(via) }), el("td", { colspan: "8", text: why })
      ]));
    });
  }

  function yes(x) { return x === true ? "yes" : x === false ? "no" : "unconfirmed"; }

  function renderVerdicts(doc) {
    var box = $("verdicts");
    box.textContent = "";
    Object.keys(doc.verdicts || {}).forEach(function (via) {
      var v = doc.verdicts[via];
      if (!v.zones || !v.zones.length) { return; }
      box.appendChild(el("h3", { text: via + ": NSR zones on the passage (" + v.date + ", " + v.policy + ")" }));
      var head = ["zone", "entered", "nm", "h", "max ice", "min RIO", "conditions", "alone", "escort"];
      var table = el("table", { cls: "zones", "data-via": via }, [
        el("thead", {}, [el("tr", {}, head.map(function (h, k) { return el("th", { cls: k >= 2 && k <= 5 ? "num" : "", text: h }); }))])
      ]);
      var tb = el("tbody");
      v.zones.forEach(function (z) {
        tb.appendChild(el("tr", { "data-zone": String(z.zone) }, [
          el("td", { text: z.zone + " " + z.name }),
          el("td", { text: (z.entered || "").slice(0, 16).replace("T", " ") }),
          el("td", { cls: "num", text: fmt(z.distance_nm) }),
          el("td", { cls: "num", text: fmt(z.hours, 1) }),
          el("td", { cls: "num", text: z.max_concentration === null ? "–" : fmt(z.max_concentration, 2) }),
          el("td", { cls: "num", text: z.min_rio === null ? "–" : fmt(z.min_rio, 1) }),
          el("td", { text: z.ice_conditions }),
          el("td", { text: yes(z.independent_allowed) }),
          el("td", { cls: z.escort_needed ? "escort" : "", text: z.escort_needed ? "needed" : "–" })
        ]));
      });
      table.appendChild(tb);
      box.appendChild(el("div", { cls: "table-wrap" }, [table]));
    });
  }

  function renderNotes(doc) {
    var ul = $("notes");
    ul.textContent = "";
    var seen = {};
    doc.routes.forEach(function (r) {
      (r.assumptions || []).concat(r.economics ? r.economics.notes : []).forEach(function (n) {
        if (!seen[n]) { seen[n] = true; ul.appendChild(el("li", { text: n })); }
      });
      if (r.economics_unavailable) { ul.appendChild(el("li", { text: r.via + ": " + r.economics_unavailable })); }
    });
  }

  // --- season chart ------------------------------------------------------------------------

  function renderSeason(season, doc) {
    var box = $("season");
    box.textContent = "";
    var rows = season.rows;
    var W = 760, H = 230, L0 = 46, R0 = 14, T0 = 28, B0 = 34;
    var year = season.year;
    var t0 = Date.UTC(year, 0, 1), t1 = Date.UTC(year + 1, 0, 1);
    function x(iso) { return L0 + (W - L0 - R0) * (Date.parse(iso + "T00:00:00Z") - t0) / (t1 - t0); }
    var suez = doc ? doc.routes.filter(function (r) { return r.via === "suez"; })[0] : null;
    var maxDays = 10;
    rows.forEach(function (r) { if (r.transit_days) { maxDays = Math.max(maxDays, r.transit_days); } });
    if (suez) { maxDays = Math.max(maxDays, suez.duration_days); }
    maxDays = Math.ceil(maxDays / 5) * 5 + 5;
    function y(d) { return T0 + (H - T0 - B0) * (1 - d / maxDays); }
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "data-rows": String(rows.length), id: "season-svg" });
    var title = season.variant + " season " + year + ", " + season.from.name + " → " + season.to.name + ": " +
      (season.first_day ? "first " + season.first_day + ", last " + season.last_day + " (" + season.length_days + " days)" : "no feasible departure");
    var t = svg("text", { x: L0, y: 16, "font-weight": "600", fill: "#1d2733" });
    t.textContent = title;
    s.appendChild(t);
    for (var d = 0; d <= maxDays; d += 5) {
      s.appendChild(svg("line", { x1: L0, x2: W - R0, y1: y(d), y2: y(d), stroke: "#e3e8ee" }));
      var lab = svg("text", { x: L0 - 6, y: y(d) + 4, "text-anchor": "end", fill: "#5b6675" });
      lab.textContent = String(d);
      s.appendChild(lab);
    }
    var yl = svg("text", { x: 12, y: T0 + (H - T0 - B0) / 2, transform: "rotate(-90 12 " + (T0 + (H - T0 - B0) / 2) + ")", "text-anchor": "middle", fill: "#5b6675" });
    yl.textContent = "transit days";
    s.appendChild(yl);
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    months.forEach(function (m, k) {
      var iso = year + "-" + String(k + 1).padStart(2, "0") + "-01";
      s.appendChild(svg("line", { x1: x(iso), x2: x(iso), y1: H - B0, y2: H - B0 + 4, stroke: "#8a94a3" }));
      var ml = svg("text", { x: x(iso) + 4, y: H - B0 + 16, fill: "#5b6675" });
      ml.textContent = m;
      s.appendChild(ml);
    });
    s.appendChild(svg("line", { x1: L0, x2: W - R0, y1: H - B0, y2: H - B0, stroke: "#8a94a3" }));
    var bw = Math.max(4, (W - L0 - R0) / 26 - 4);
    rows.forEach(function (r) {
      var cx = x(r.departure);
      if (r.feasible && r.transit_days) {
        var bar = svg("rect", { x: cx - bw / 2, y: y(r.transit_days), width: bw, height: H - B0 - y(r.transit_days), fill: COLOURS[season.variant] || "#d62728", "data-departure": r.departure, "data-feasible": "true" });
        var tt = svg("title", {});
        tt.textContent = r.departure + ": feasible, " + fmt(r.transit_days, 1) + " days";
        bar.appendChild(tt);
        s.appendChild(bar);
      } else {
        var mark = svg("rect", { x: cx - bw / 2, y: H - B0 - 6, width: bw, height: 6, fill: r.feasible === null ? "#b0b7c0" : "#e3b2ad", "data-departure": r.departure, "data-feasible": String(r.feasible) });
        var mt = svg("title", {});
        mt.textContent = r.departure + ": " + (r.feasible === null ? "unknown" : "not feasible") + (r.reason ? " (" + r.reason + ")" : "");
        mark.appendChild(mt);
        s.appendChild(mark);
      }
    });
    if (suez) {
      s.appendChild(svg("line", { x1: L0, x2: W - R0, y1: y(suez.duration_days), y2: y(suez.duration_days), stroke: COLOURS.suez, "stroke-dasharray": "6 4", "stroke-width": 1.5 }));
      var sl = svg("text", { x: W - R0 - 4, y: y(suez.duration_days) - 4, "text-anchor": "end", fill: COLOURS.suez });
      sl.textContent = "Suez " + fmt(suez.duration_days, 1) + " days";
      s.appendChild(sl);
    }
    box.appendChild(s);
    box.appendChild(el("p", { cls: "hint", text: "Bars: feasible departures (door-to-door days); pale marks: not feasible. Basis: " + season.basis + ". " + season.method + "." }));
    (season.notes || []).forEach(function (n) { box.appendChild(el("p", { cls: "hint", text: n })); });
  }

  // --- form ------------------------------------------------------------------------------

  function status(text, isError, suggestions, input) {
    var s = $("status");
    s.textContent = text;
    s.className = "status" + (isError ? " error" : "");
    (suggestions || []).forEach(function (sug) {
      var b = el("button", { type: "button", cls: "suggest", text: sug });
      b.addEventListener("click", function () {
        var target = input || $("to");
        target.value = sug;
        status("", false);
      });
      s.appendChild(b);
    });
  }

  function whichInput(message) {
    var m = /unknown port '([^']*)'/.exec(message || "");
    if (!m) { return null; }
    if ($("from").value.trim() === m[1] || portValue($("from")) === m[1]) { return $("from"); }
    return $("to");
  }

  function polarWanted(doc) {
    return doc.routes.some(function (r) { return r.max_lat > POLAR_THRESHOLD_LAT; }) ||
      Object.keys(doc.verdicts || {}).length > 0;
  }

  function meanLon(a, b) {
    var r = Math.PI / 180;
    var lon = Math.atan2(Math.sin(a * r) + Math.sin(b * r), Math.cos(a * r) + Math.cos(b * r)) / r;
    return Math.round(lon / 5) * 5;
  }

  function submit(ev) {
    ev.preventDefault();
    var params = formParams();
    if (!params.get("from") || !params.get("to") || !params.get("date")) {
      status("Give a port of departure, a destination and a date.", true);
      return;
    }
    if (!$("economics").checked) { params.set("economics", "false"); }
    var cmp = new URLSearchParams(params);
    cmp.set("ice_stat", $("ice_stat").value);
    cmp.set("polaris", $("polaris").value);
    $("submit").disabled = true;
    status("Computing… (a first ice-aware comparison takes a few seconds)", false);
    var day = params.get("date");
    var icePromise = getJSON("/api/ice/" + day + "?stat=" + $("ice_stat").value).catch(function () { return null; });
    getJSON("/api/compare?" + cmp.toString()).then(function (doc) {
      state.doc = doc;
      state.lon0 = meanLon(doc.from.lon, doc.to.lon);
      state.view = polarWanted(doc) ? "polar" : "world";
      $("results").hidden = false;
      $("intro").hidden = true;
      $("results-title").textContent = "Comparison: " + doc.from.name + " → " + doc.to.name + ", " +
        (doc.ship ? doc.ship.name : "") + (doc.speed_kn ? " at " + doc.speed_kn + " kn" : "") + ", departing " + day;
      renderTable(doc);
      renderVerdicts(doc);
      renderNotes(doc);
      return icePromise.then(function (ice) {
        state.ice = ice;
        drawAll();
        status("Done: " + doc.routes.length + " routes, " + Object.keys(doc.verdicts || {}).length + " Arctic verdicts.", false);
      });
    }).catch(function (err) {
      var body = err.body || {};
      status(err.message || "request failed", true, body.suggestions, whichInput(err.message));
    }).then(function () {
      $("submit").disabled = false;
    });
    var seasonParams = new URLSearchParams(params);
    seasonParams.delete("date");
    seasonParams.delete("economics");
    seasonParams.set("year", day.slice(0, 4));
    seasonParams.set("ice_stat", $("ice_stat").value);
    $("season").textContent = "Computing the season…";
    getJSON("/api/season?" + seasonParams.toString()).then(function (season) {
      state.season = season;
      var tryRender = function () {
        if (state.doc || !$("submit").disabled) { renderSeason(season, state.doc); } else { setTimeout(tryRender, 200); }
      };
      tryRender();
    }).catch(function (err) {
      $("season").textContent = "Season not available: " + err.message;
    });
  }

  function autocomplete(input, list) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || state.portCodes[q]) { return; }
      timer = setTimeout(function () {
        getJSON("/api/ports?limit=8&q=" + encodeURIComponent(q)).then(function (ports) {
          list.textContent = "";
          ports.forEach(function (p) {
            var label = p.name + (p.locode ? " (" + p.locode + ")" : "");
            if (p.locode) { state.portCodes[label] = p.locode; }
            list.appendChild(el("option", { value: label, label: label + " " + p.country }));
          });
        }).catch(function () { list.textContent = ""; });
      }, 180);
    });
  }

  function loadShips() {
    return getJSON("/api/ships").then(function (ships) {
      var sel = $("ship");
      ships.forEach(function (s) {
        var o = el("option", { value: s.slug, text: s.name });
        o.setAttribute("data-ice-class", s.ice_class);
        o.setAttribute("data-speed", s.design_speed_kn);
        o.setAttribute("data-draft", s.draft_m);
        sel.appendChild(o);
      });
      sel.value = "container_4500teu_arc4";
      shipHints();
    });
  }

  function shipHints() {
    var o = $("ship").selectedOptions[0];
    if (!o) { return; }
    $("ice_class").options[0].textContent = "(preset: " + o.getAttribute("data-ice-class") + ")";
    $("design_speed_kn").placeholder = "preset: " + o.getAttribute("data-speed");
    $("draft_m").placeholder = "preset: " + o.getAttribute("data-draft");
  }

  var ICE_CLASSES = ["PC1", "PC2", "PC3", "PC4", "PC5", "PC6", "PC7", "Arc9", "Arc8", "Arc7", "Arc6", "Arc5", "Arc4",
    "Ice3", "Ice2", "Ice1", "IA Super", "IA", "IB", "IC", "none"]; // arcticroute.iceclass.IceClass

  function init() {
    ICE_CLASSES.forEach(function (c) { $("ice_class").appendChild(el("option", { value: c, text: c })); });
    var today = new Date();
    $("date").value = today.toISOString().slice(0, 10);
    autocomplete($("from"), $("from-list"));
    autocomplete($("to"), $("to-list"));
    $("ship").addEventListener("change", shipHints);
    $("voyage-form").addEventListener("submit", submit);
    document.querySelectorAll(".views button").forEach(function (b) {
      b.addEventListener("click", function () { setView(b.getAttribute("data-view")); });
    });
    $("show-ice").addEventListener("change", function () { drawIce(); caption(); });
    $("show-zones").addEventListener("change", drawZones);
    buildMap();
    loadShips().catch(function (err) { status("Cannot load the ship presets: " + err.message, true); });
    getJSON("/api/land").then(function (land) {
      state.land = land;
      drawLand();
    }).catch(function (err) { status("Cannot load the coastline: " + err.message, true); });
    getJSON("/api/nsr-zones").then(function (z) { state.zones = z; drawZones(); }).catch(function () { state.zones = null; });
  }

  document.addEventListener("DOMContentLoaded", init);
}());
