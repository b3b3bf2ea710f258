/* 安标 static clause search: the static site's answer to a question, without a server.
 *
 * Reads the index the site build writes (search/static.py: search/anbiao-clauses.gz) and ranks
 * clauses with the formula of the served search — this file is a port of search/query.py (the
 * question → a plan), search/ranking.py (the plan → ranked clauses) and search/render.py (the
 * passage shown). The weights come from the index (search/data/ranking.yaml), so both modes rank
 * alike; tests/test_search_static.py checks that they do, question by question, in Chromium.
 *
 * window.AnbiaoSearch.load(url) → Promise<Engine>; engine.search(question, limit) → hits shaped
 * like the JSON of /api/search (doc_id, clause_id, title, heading_path, text, url, citation,
 * status, status_label, similar, passage, marks …). */
(function (root) {
  "use strict";

  var CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+|[0-9a-z]+(?:\.[0-9]+)*/g;
  var CJK2 = /[\u3400-\u9fff\uf900-\ufaff]{2,}/g;
  var ALNUM = /[\p{L}\p{N}]/u;
  var QUESTION_WORD = /^[几哪][\u4e00-\u9fff]?$/;
  var ARTICLE = /第([0-9]{1,4}|[零〇一二两三四五六七八九十百千]{1,8})条/g;
  var TITLE_EDGE = /[《》〈〉“”"'\s]/g;
  var COUNTRY = "中华人民共和国";
  var CITED = "№";
  var MAX_WORD_CHARS = 16;
  var MAX_NAME_CHARS = 30;
  var PASSAGE_CHARS = 120;
  var SCAN_CHARS = 20000;

  /* search.segment.normalize: full-width ASCII to ASCII, the ideographic space to a space, lower case. */
  function normalize(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
      else if (c === 0x3000) out += " ";
      else out += text[i];
    }
    return out.toLowerCase();
  }

  function isDigit(ch) { return ch >= "0" && ch <= "9"; }
  function isAlnum(ch) { return ALNUM.test(ch); }

  /* kb.numbering.cn_to_int for the numbers of articles (一 … 九千九百九十九). */
  var CN_DIGITS = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  var CN_UNITS = { "十": 10, "百": 100, "千": 1000 };
  function cnToInt(text) {
    var total = 0, digit = null;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (ch in CN_DIGITS) digit = CN_DIGITS[ch];
      else if (ch in CN_UNITS) { total += (digit === null ? 1 : digit) * CN_UNITS[ch]; digit = null; }
      else return null;
    }
    return total + (digit || 0);
  }

  function titleKey(title) { return title.replace(TITLE_EDGE, "").split(COUNTRY).join(""); }

  /* --- reading the index ------------------------------------------------------------------- */

  var ARRAY_TYPES = { int32: Int32Array, uint16: Uint16Array };
  // search.static.STATIC_FORMAT: the index this script reads (a page and an index of two builds refuse).
  var STATIC_FORMAT = 2;

  function Engine(buffer) {
    var bytes = new Uint8Array(buffer);
    if (String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== "ABX1") throw new Error("检索索引已损坏或与页面版本不符，请联系本站维护人员重新生成站点");
    var length = new DataView(buffer).getUint32(4, true);
    var header = JSON.parse(new TextDecoder("utf-8").decode(bytes.subarray(8, 8 + length)));
    if (header.format !== STATIC_FORMAT) throw new Error("检索索引已损坏或与页面版本不符，请联系本站维护人员重新生成站点");
    var base = 8 + length + ((8 - ((8 + length) % 8)) % 8);
    var a = {};
    Object.keys(header.arrays).forEach(function (name) {
      var spec = header.arrays[name];
      a[name] = new ARRAY_TYPES[spec[0]](buffer, base + spec[1], spec[2]);
    });
    this.params = header.params;
    this.words = {
      stop: new Set(header.words.stopwords), weak: new Set(header.words.weak),
      // search.query.QueryWords.expansions: (words that call for it, words then searched too)
      expansions: header.words.synonyms.map(function (g) { return [g, g, false]; })
        .concat((header.words.narrower || []).map(function (n) { return [n[0], n[1], true]; })),
      consequences: header.words.consequences, sanctions: header.words.sanctions, quantities: quantityPatterns(header.words.quantities)
    };
    this.docs = header.docs;
    this.clauses = header.clauses;
    this.a = a;
    this.cTerms = indexTerms(header.c_terms);
    this.dTerms = indexTerms(header.d_terms);
    this.clauseCount = a.clause_doc.length;
    var docCount = this.docs.length;
    this.avgLen = mean(a.clause_len);
    this.avgHlen = mean(a.clause_hlen);
    this.avgLlen = mean(a.clause_llen);
    var pp = header.params, self = this;
    function inverse(lengths, b, avg) {
      var out = new Float64Array(lengths.length);
      for (var i = 0; i < lengths.length; i++) out[i] = 1 / (1 - b + b * lengths[i] / avg);
      return out;
    }
    this.invText = inverse(a.clause_len, pp.b_text, self.avgLen);
    this.invHead = inverse(a.clause_hlen, pp.b_heading, self.avgHlen);
    this.invLead = inverse(a.clause_llen, pp.b_lead, self.avgLlen);
    this.avgDocLen = mean(a.doc_len);
    this.docCount = docCount;
    this.logTotal = Math.log(Math.max(a.c_unit.length + a.d_unit.length, 1));
    var p = this.params, tiers = p.authority_tiers, lowest = Math.max.apply(null, Object.keys(tiers).map(function (k) { return tiers[k]; }));
    this.tier = this.docs.map(function (d) { return d.level in tiers ? tiers[d.level] : lowest; });
    this.prior = this.docs.map(function (d, i) {
      var currency = d.in_force === false ? p.not_in_force : (d.status === "未知" ? p.unknown_prior : 1.0);
      return Math.pow(p.authority_step, this.tier[i] - 1) * currency;
    }, this);
    var local = new Set(p.local_prior_levels);
    this.places = this.docs.map(function (d) { return local.has(d.level) ? placeNames(d.region) : []; });
    this.ownPlace = this.places.map(function (names) { return names.length ? names[names.length - 1] : ""; });
    this.tradeNames = this.docs.map(function (d) { return d.trade_names || []; });
    var words = new Set();
    this.tradeNames.forEach(function (names) { names.forEach(function (n) { words.add(n); }); });
    this.tradeWords = Array.from(words).sort(function (x, y) {
      return y.length - x.length || (x < y ? -1 : x > y ? 1 : 0);
    });
    var keys = new Set();
    [header.c_terms, header.d_terms].forEach(function (terms) {
      terms.forEach(function (t) { if (t.indexOf(CITED) === 0) keys.add(t.slice(CITED.length)); });
    });
    this.docNumberKeys = Array.from(keys);
    this.titleKeys = this.docs.map(function (d) { return titleKey(d.title); });
    this.dfCache = new Map();
    // Clauses holding each Chinese character (search.store: `chars` in the header, `char_df`).
    this.charDf = new Map();
    for (var ci = 0; ci < header.chars.length; ci++) this.charDf.set(header.chars[ci], a.char_df[ci]);
  }

  /* search.ranking.place_names: the names a question calls a region by (浙江省杭州市 → 浙江, 杭州). */
  function placeNames(region) {
    if (!region || region === "全国") return [];
    return region.split(/省|市|自治区|特别行政区|自治州|地区|盟|县|区/).filter(function (x) { return x.length >= 2; });
  }

  /* --- quantities (search/quantity.py) ------------------------------------------------------ */

  var NUMERAL = "(?:\\d+(?:\\.\\d+)?|[零〇○一二两三四五六七八九十百千万亿半]+)";
  var QUANTITY = "#";

  function quantityPatterns(q) {
    var pairs = [];
    Object.keys(q.units).forEach(function (kind) { q.units[kind].forEach(function (s) { pairs.push([s, kind]); }); });
    pairs = pairs.map(function (x, i) { return [x, i]; })
      .sort(function (x, y) { return y[0][0].length - x[0][0].length || x[1] - y[1]; }).map(function (x) { return x[0]; });
    var kindOf = {};
    pairs.forEach(function (x) { kindOf[x[0]] = x[1]; });
    var alternation = pairs.filter(function (x) { return x[0] !== "个"; })
      .map(function (x) { return x[0].replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|");
    var unit = "(?:个?(?<unit>" + alternation + ")|(?<ge>个))";
    return { stated: new RegExp("(?<num>" + NUMERAL + ")" + unit, "g"), asked: new RegExp("(?:多少|几)" + unit, "g"),
      kindOf: kindOf, durations: q.durations, timeUnits: q.time_units };
  }

  function statedQuantities(text, q) {
    var found = [], m;
    q.stated.lastIndex = 0;
    while ((m = q.stated.exec(text)) !== null) {
      var num = m.groups.num, unit = m.groups.unit || m.groups.ge, start = m.index;
      var before = start ? text[start - 1] : "", after = text.slice(start + m[0].length, start + m[0].length + 1);
      if (before === "第" || isDigit(before)) continue;
      if (unit === "年" && /^[0-9零〇○一二三四五六七八九]{4}$/.test(num)) continue;  // a year, also 二〇〇二年
      if ((unit === "日" || unit === "天") && before === "月") continue;
      if (unit === "分" && (num === "十" || (after && "之钟".indexOf(after) >= 0))) continue;
      if (unit === "起" && num === "一") continue;
      if (found.indexOf(q.kindOf[unit]) < 0) found.push(q.kindOf[unit]);
    }
    return found;
  }

  function askedQuantities(text, q) {
    var found = [], m;
    if (q.durations.some(function (d) { return text.indexOf(d) >= 0; })) found = q.timeUnits.slice();
    q.asked.lastIndex = 0;
    while ((m = q.asked.exec(text)) !== null) {
      var kind = q.kindOf[m.groups.unit || m.groups.ge];
      if (found.indexOf(kind) < 0) found.push(kind);
    }
    return found;
  }

  function indexTerms(list) {
    var map = new Map();
    for (var i = 0; i < list.length; i++) map.set(list[i], i);
    return map;
  }

  function mean(arr) {
    if (!arr.length) return 1.0;
    var s = 0;
    for (var i = 0; i < arr.length; i++) s += arr[i];
    return s / arr.length;
  }

  Engine.prototype.postings = function (term, docField) {
    var map = docField ? this.dTerms : this.cTerms;
    var start = docField ? this.a.d_start : this.a.c_start;
    var i = map.get(term);
    if (i === undefined) return null;
    return [start[i], start[i + 1]];
  };

  /* Vocabulary.df: clauses holding the term plus documents holding it in their title field. */
  Engine.prototype.df = function (term) {
    var found = this.dfCache.get(term);
    if (found === undefined) {
      var c = this.postings(term, false), d = this.postings(term, true);
      found = (c ? c[1] - c[0] : 0) + (d ? d[1] - d[0] : 0);
      this.dfCache.set(term, found);
    }
    return found;
  };

  /* Vocabulary.char_weight: ln(clauses / clauses holding the character), the largest for none. */
  Engine.prototype.charWeight = function (ch) {
    return Math.log(Math.max(this.clauseCount, 1) / Math.max(this.charDf.get(ch) || 0, 1));
  };

  /* --- the question (search/query.py) ------------------------------------------------------ */

  Engine.prototype.route = function (run, extra) {
    var n = run.length, logTotal = this.logTotal;
    var best = new Array(n + 1);
    best[n] = [0.0, n];
    for (var i = n - 1; i >= 0; i--) {
      var choice = [Math.log(Math.max(this.df(run[i]), 1)) - logTotal + best[i + 1][0], i + 1];
      for (var j = i + 2; j <= Math.min(n, i + MAX_WORD_CHARS); j++) {
        var word = run.slice(i, j);
        var df = this.df(word);
        if (df || extra.has(word)) {
          var value = Math.log(Math.max(df, 1)) - logTotal + best[j][0];
          if (value >= choice[0]) choice = [value, j];
        }
      }
      best[i] = choice;
    }
    var words = [];
    for (var k = 0; k < n;) {
      var e = best[k][1];
      words.push([run.slice(k, e), k, e]);
      k = e;
    }
    return words;
  };

  /* search.query.cut */
  Engine.prototype.cut = function (text, extra) {
    var out = [], m, self = this;
    extra = extra || new Set();
    CJK_RUN.lastIndex = 0;
    while ((m = CJK_RUN.exec(text)) !== null) {
      var run = m[0], base = m.index;
      if (/^[\x00-\x7f]*$/.test(run)) { out.push({ text: run, start: base, end: base + run.length }); continue; }
      self.route(run, extra).forEach(function (w) { out.push({ text: w[0], start: base + w[1], end: base + w[2] }); });
    }
    return out;
  };

  Engine.prototype.innerWords = function (word) {
    var found = [];
    for (var size = word.length - 1; size > 1; size--) {
      for (var i = 0; i + size <= word.length; i++) {
        var sub = word.slice(i, i + size);
        if (found.indexOf(sub) < 0 && this.df(sub)) found.push(sub);
      }
    }
    return found;
  };

  /* search.query.names_member */
  function namesMember(word, members, names) {
    return members.indexOf(word) >= 0 ||
      (names.indexOf(word) < 0 && members.some(function (m) { return word.indexOf(m) >= 0; }));
  }

  /* search.query._separable_particles */
  var ASPECT = "了着过";
  Engine.prototype.separableParticles = function (route, extra) {
    var drop = new Set();
    for (var i = 0; i + 2 < route.length; i++) {
      var a = route[i], mid = route[i + 1], b = route[i + 2];
      if (ASPECT.indexOf(mid.text) >= 0 && mid.text.length === 1 && a.text.length === 1 && b.text.length === 1 &&
          a.end === mid.start && mid.end === b.start && (extra.has(a.text + b.text) || this.df(a.text + b.text))) drop.add(mid.start);
    }
    return drop;
  };

  /* kb.docno.fold_with_positions */
  function foldNumber(text) {
    var norm = normalize(text), chars = [], where = [];
    for (var i = 0; i < norm.length; i++) {
      var ch = norm[i];
      if (!isAlnum(ch) || ch === "号" || ch === "第") continue;
      if (ch === "0" && (i === 0 || !isDigit(norm[i - 1])) && i + 1 < norm.length && isDigit(norm[i + 1])) continue;
      chars.push(ch);
      where.push(i);
    }
    return [chars.join(""), where];
  }

  Engine.prototype.findDocNumbers = function (text) {
    if (!/[0-9０-９]/.test(text)) return [[], []];
    var folded = foldNumber(text), found = [], spans = [];
    this.docNumberKeys.forEach(function (key) {
      var at = folded[0].indexOf(key);
      if (key && at >= 0) {
        found.push(key);
        spans.push([folded[1][at], folded[1][at + key.length - 1] + 1]);
      }
    });
    found.sort();
    return [found, spans];
  };

  /* kb.docno.annex_parent_key and with_attachments: an attachment's number is its notice's + 附件. */
  function annexParentKey(key) {
    var m = /附件[0-9]{0,2}$/.exec(key);
    return m && m.index ? key.slice(0, m.index) : null;
  }

  Engine.prototype.withAttachments = function (found) {
    var asked = found.filter(function (k) { return !found.some(function (o) { return annexParentKey(o) === k; }); });
    var reached = this.docNumberKeys.filter(function (k) {
      return found.indexOf(k) < 0 && asked.indexOf(annexParentKey(k)) >= 0;
    }).sort();
    return [asked, reached];
  };

  Engine.prototype.findArticles = function (text) {
    var found = [], spans = [], m, titles = this.titleKeys;
    ARTICLE.lastIndex = 0;
    while ((m = ARTICLE.exec(text)) !== null) {
      var number = /^[0-9]+$/.test(m[1]) ? parseInt(m[1], 10) : cnToInt(m[1]);
      var before = titleKey(text.slice(0, m.index)).slice(-MAX_NAME_CHARS);
      if (!number || before.length < 2) continue;
      var docs = [], d;
      for (d = 0; d < titles.length; d++) if (titles[d].indexOf(before.slice(-2)) >= 0) docs.push(d);
      var size = 2;
      while (docs.length && size < before.length) {
        var name = before.slice(-(size + 1));
        var longer = docs.filter(function (x) { return titles[x].indexOf(name) >= 0; });
        if (!longer.length) break;
        docs = longer;
        size += 1;
      }
      var named = before.slice(-size), exact = docs.filter(function (x) { return titles[x] === named; });
      if (docs.length) {
        found.push([exact.length ? exact : docs, number]);
        spans.push([Math.max(0, m.index - size), m.index + m[0].length]);
      }
    }
    return [found, spans];
  };

  function blank(text, spans) {
    var chars = text.split("");
    spans.forEach(function (s) { for (var i = s[0]; i < s[1]; i++) chars[i] = " "; });
    return chars.join("");
  }

  /* search.query.analyze */
  Engine.prototype.analyze = function (text) {
    var p = this.params, words = this.words, self = this;
    var plan = { terms: [], docTerms: [], synonyms: [], quantities: [], docKeys: [], annexKeys: [], articles: [], concepts: [], bigrams: [],
      highlight: [], question: "", asksConsequence: false, asksSanction: false };
    var normalized = normalize(text);
    var numbers = this.findDocNumbers(text);
    var reached = this.withAttachments(numbers[0]);
    plan.docKeys = reached[0];
    plan.annexKeys = reached[1];
    var articles = this.findArticles(normalized);
    plan.articles = articles[0];
    var rest = blank(normalized, numbers[1].concat(articles[1]));
    plan.question = rest;
    plan.asksConsequence = words.consequences.some(function (w) { return rest.indexOf(w) >= 0; });
    var extra = new Set(words.stop);
    words.sanctions.concat(p.penalty_headings).forEach(function (w) { extra.add(w); });
    words.expansions.forEach(function (e) { e[0].concat(e[1]).forEach(function (m) { extra.add(m); }); });
    var route = this.cut(rest, extra);
    var particles = this.separableParticles(route, extra);
    if (particles.size) {  // cut again only when a particle was taken out (most questions hold none)
      rest = rest.split("").filter(function (_ch, i) { return !particles.has(i); }).join("");
      route = this.cut(rest, extra);
    }
    var highlight = new Map(), stopSpans = [], typed = new Set();
    plan.asksSanction = route.some(function (w) { return words.sanctions.indexOf(w.text) >= 0; });
    route.forEach(function (word) {
      if (words.stop.has(word.text) || QUESTION_WORD.test(word.text)) { stopSpans.push([word.start, word.end]); return; }
      if (word.text.length === 1 && !/^[\x00-\x7f]$/.test(word.text)) return;
      var variants = new Map([[word.text, 1.0]]);
      self.innerWords(word.text).forEach(function (inner) { if (!variants.has(inner)) variants.set(inner, p.subword_weight); });
      variants.forEach(function (w, v) { if (words.weak.has(v)) variants.set(v, Math.min(w, p.weak_weight)); });
      var top = 0;
      variants.forEach(function (w, v) {
        plan.terms.push([v, w]);
        if (!words.weak.has(v)) {
          plan.docTerms.push([v, w]);
          if (v.length > 1 && (v === word.text || v.length > 2)) highlight.set(v, true);
        }
        top = Math.max(top, w);
      });
      var forms = new Set(variants.keys());
      words.expansions.forEach(function (e) {
        var called = e[2] ? namesMember(word.text, e[0], e[1]) : e[0].some(function (m) { return variants.has(m); });
        if (called) e[1].forEach(function (m) { forms.add(m); });
      });
      plan.concepts.push([Array.from(forms), top]);
      variants.forEach(function (_w, v) { typed.add(v); });
    });
    var singles = new Set(route.filter(function (w) { return w.text.length === 1; }).map(function (w) { return w.text; }));
    words.expansions.forEach(function (e) {
      var on = e[2] ? route.some(function (w) { return namesMember(w.text, e[0], e[1]); })
        : e[0].some(function (m) { return m.length > 1 ? rest.indexOf(m) >= 0 : singles.has(m); });
      if (!on) return;
      var alternatives = [];
      e[1].forEach(function (member) {
        if (rest.indexOf(member) >= 0 || typed.has(member) || member.length === 1) return;
        var memberWords = self.cut(member).map(function (w) { return w.text; })
          .filter(function (w) { return w.length > 1 || /^[\x00-\x7f]$/.test(w); });
        if (memberWords.length && memberWords.every(function (w) { return self.df(w); })) {
          alternatives.push(memberWords);
          highlight.set(member, true);
        }
      });
      if (alternatives.length) plan.synonyms.push(alternatives);
    });
    var kinds = askedQuantities(rest, words.quantities);
    statedQuantities(rest, words.quantities).forEach(function (k) { if (kinds.indexOf(k) < 0) kinds.push(k); });
    plan.quantities = kinds.filter(function (k) { return self.df(QUANTITY + k); }).map(function (k) { return [QUANTITY + k]; });
    var grams = new Set(), m, cleared = blank(rest, stopSpans);
    CJK2.lastIndex = 0;
    while ((m = CJK2.exec(cleared)) !== null) {
      for (var i = 0; i + 1 < m[0].length; i++) grams.add(m[0].slice(i, i + 2));
    }
    plan.bigrams = Array.from(grams);
    var chars = new Set();
    plan.bigrams.forEach(function (g) { chars.add(g[0]); chars.add(g[1]); });
    plan.chars = Array.from(chars).sort().map(function (c) { return [c, self.charWeight(c)]; });
    plan.highlight = Array.from(highlight.keys()).map(function (w, i) { return [w, i]; })
      .sort(function (x, y) { return y[0].length - x[0].length || x[1] - y[1]; }).map(function (x) { return x[0]; });
    return plan;
  };

  function coverage(plan, text, share, charShare) {
    var total = 0, found = 0;
    plan.concepts.forEach(function (c) {
      total += c[1];
      if (c[0].some(function (f) { return text.indexOf(f) >= 0; })) found += c[1];
    });
    var wordsShare = total ? found / total : 1.0;
    if (!plan.bigrams.length) return wordsShare;
    var grams = plan.bigrams.filter(function (g) { return text.indexOf(g) >= 0; }).length / plan.bigrams.length;
    var charTotal = 0, charFound = 0;
    plan.chars.forEach(function (c) { charTotal += c[1]; });
    if (!charTotal) return (1 - share) * wordsShare + share * grams;
    plan.chars.forEach(function (c) { if (text.indexOf(c[0]) >= 0) charFound += c[1]; });
    return (1 - share - charShare) * wordsShare + share * grams + charShare * (charFound / charTotal);
  }

  /* --- scoring (search/ranking.py) --------------------------------------------------------- */

  Engine.prototype.clauseScores = function (term) {
    var p = this.params, a = this.a, at = this.postings(term, false);
    if (!at || at[0] === at[1]) return null;
    var df = at[1] - at[0], n = this.clauseCount;
    var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    var ids = a.c_unit.subarray(at[0], at[1]), out = new Float64Array(df);
    for (var i = 0; i < df; i++) {
      var c = ids[i];
      var weighted = a.c_tf[at[0] + i] * this.invText[c] + p.heading_weight * a.c_htf[at[0] + i] * this.invHead[c] +
        p.lead_weight * a.c_ltf[at[0] + i] * this.invLead[c];
      out[i] = idf * weighted * (p.k1 + 1) / (weighted + p.k1);
    }
    return [ids, out];
  };

  Engine.prototype.docScores = function (term) {
    var p = this.params, a = this.a, at = this.postings(term, true);
    if (!at || at[0] === at[1]) return null;
    var df = at[1] - at[0];
    var idf = Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
    var ids = a.d_unit.subarray(at[0], at[1]), out = new Float64Array(df);
    for (var i = 0; i < df; i++) {
      var weighted = a.d_tf[at[0] + i] / (1 - p.b_doc + p.b_doc * a.doc_len[ids[i]] / this.avgDocLen);
      out[i] = idf * weighted * (p.k1 + 1) / (weighted + p.k1);
    }
    return [ids, out];
  };

  Engine.prototype.baseScores = function (plan) {
    var p = this.params, size = this.clauseCount, self = this, i;
    var acc = new Float64Array(size);
    plan.terms.forEach(function (t) {
      var s = self.clauseScores(t[0]);
      if (s) for (i = 0; i < s[0].length; i++) acc[s[0][i]] += t[1] * s[1][i];
    });
    function addBest(alternatives, weight) {
      var best = new Float64Array(size);
      alternatives.forEach(function (words) {
        var alt = null;
        words.forEach(function (word) {
          var s = self.clauseScores(word), dense = new Float64Array(size);
          if (s) for (i = 0; i < s[0].length; i++) dense[s[0][i]] = s[1][i];
          if (alt === null) alt = dense;
          else for (i = 0; i < size; i++) alt[i] = Math.min(alt[i], dense[i]);
        });
        if (alt !== null) for (i = 0; i < size; i++) best[i] = Math.max(best[i], alt[i]);
      });
      for (i = 0; i < size; i++) acc[i] += weight * best[i];
    }
    plan.synonyms.forEach(function (alternatives) { addBest(alternatives, p.synonym_weight); });
    if (plan.quantities.length) addBest(plan.quantities, p.quantity_weight);
    var docAcc = new Float64Array(this.docs.length), any = false;
    [[plan.docKeys, 1.0], [plan.annexKeys, p.annex_weight]].forEach(function (kw) {
      kw[0].forEach(function (key) {
        var s = self.clauseScores(CITED + key);
        if (s) for (i = 0; i < s[0].length; i++) acc[s[0][i]] += kw[1] * p.cited_weight * s[1][i];
        s = self.docScores(CITED + key);
        if (s) for (i = 0; i < s[0].length; i++) { docAcc[s[0][i]] += kw[1] * p.doc_no_weight * s[1][i]; any = true; }
      });
    });
    plan.docTerms.forEach(function (t) {
      var s = self.docScores(t[0]);
      if (s) for (i = 0; i < s[0].length; i++) { docAcc[s[0][i]] += p.doc_weight * t[1] * s[1][i]; any = true; }
    });
    if (any) {
      var docOf = this.a.clause_doc;
      for (i = 0; i < size; i++) acc[i] += docAcc[docOf[i]];
    }
    return acc;
  };

  /* search.ranking.SearchIndex.search: the best `limit` clauses, with passages for display. */
  Engine.prototype.search = function (text, limit) {
    limit = limit || 10;
    var p = this.params, self = this, a = this.a, i;
    var plan = this.analyze(text);
    if (!(plan.terms.length || plan.synonyms.length || plan.docKeys.length || plan.annexKeys.length || plan.articles.length) ||
        !this.clauseCount) {
      return { hits: [], plan: plan };
    }
    var score = this.baseScores(plan);
    var placed = this.placesNamed(plan);
    var asked = this.questionPrior(plan, placed);
    for (i = 0; i < score.length; i++) { score[i] *= this.prior[a.clause_doc[i]]; score[i] *= asked[i]; }
    var named = [];
    plan.articles.forEach(function (art) {
      var docs = new Set(art[0]);
      for (var c = 0; c < self.clauseCount; c++) {
        if (docs.has(a.clause_doc[c]) && a.clause_article[c] === art[1]) named.push(c);
      }
    });
    var candidates = [];
    for (i = 0; i < score.length; i++) if (score[i] > 0) candidates.push(i);
    candidates.sort(function (x, y) { return score[y] - score[x] || x - y; });
    var pool = candidates.slice(0, p.collapse_depth + limit), final = new Map();
    pool.forEach(function (c) { final.set(c, score[c] * self.coordination(plan, c)); });
    var firstSet = new Set(named);
    var prior = this.prior, cdoc = a.clause_doc;  // in force first among named articles (ranking.py)
    var first = Array.from(firstSet).sort(function (x, y) {
      return prior[cdoc[y]] - prior[cdoc[x]] || score[y] - score[x] || x - y;
    });
    var order = first.concat(pool.filter(function (c) { return !firstSet.has(c); })
      .sort(function (x, y) { return final.get(y) - final.get(x) || x - y; }));
    first.forEach(function (c) { if (!final.has(c)) final.set(c, score[c]); });
    var hits = this.collapse(order, final, limit, firstSet, placed);
    hits.forEach(function (h) {
      var shown = bestPassage(h.text || h.heading, plan.highlight);
      h.passage = shown[0];
      h.marks = shown[1];
    });
    return { hits: hits, plan: plan };
  };

  /* search.ranking.SearchIndex._places_named: documents of local legislation within a place the
     question names, and of the very place it names. */
  Engine.prototype.placesNamed = function (plan) {
    var self = this;
    return {
      within: this.places.map(function (names) {
        return names.length > 0 && names.some(function (n) { return plan.question.indexOf(n) >= 0; });
      }),
      own: this.places.map(function (names, d) { return names.length > 0 && plan.question.indexOf(self.ownPlace[d]) >= 0; })
    };
  };

  /* search.ranking.trades_named: trade words found, longest first, each blanked before shorter ones. */
  function tradesNamed(text, words) {
    var found = new Set();
    words.forEach(function (w) {
      if (text.indexOf(w) >= 0) {
        found.add(w);
        text = text.split(w).join(" ".repeat(w.length));
      }
    });
    return found;
  }

  /* search.ranking.SearchIndex._question_prior */
  Engine.prototype.questionPrior = function (plan, placed) {
    var p = this.params, a = this.a, i;
    var factor = this.places.map(function (names, d) {
      return !names.length ? 1.0 : (placed.own[d] ? p.named_place_prior : (placed.within[d] ? 1.0 : p.local_prior));
    });
    var asked = [plan.question, ""];  // "": the industry filter of the server, which the site has not
    plan.synonyms.forEach(function (alternatives) { alternatives.forEach(function (words) { asked = asked.concat(words); }); });
    var found = tradesNamed(asked.join(" "), this.tradeWords);
    this.tradeNames.forEach(function (names, d) {
      if (names.length && !names.some(function (n) { return found.has(n); })) factor[d] *= p.trade_prior;
    });
    var out = new Float64Array(this.clauseCount);
    for (i = 0; i < out.length; i++) out[i] = factor[a.clause_doc[i]];
    if (!plan.asksConsequence) {
      this.underPenaltyHeadings().forEach(function (units) {
        units.forEach(function (c) { out[c] *= p.penalty_prior; });
      });
    }
    if (plan.asksSanction) {
      var states = this.statesSanction();
      for (i = 0; i < out.length; i++) if (!states[i]) out[i] *= p.sanction_prior;
    }
    return out;
  };

  /* search.ranking.SearchIndex._under_penalty_headings: read once for the loaded index */
  Engine.prototype.underPenaltyHeadings = function () {
    if (!this._underPenalty) {
      var a = this.a, self = this;
      this._underPenalty = this.params.penalty_headings.map(function (head) {
        var at = self.postings(head, false), units = [];
        if (at) for (var j = at[0]; j < at[1]; j++) if (a.c_htf[j] > 0) units.push(a.c_unit[j]);
        return units;
      });
    }
    return this._underPenalty;
  };

  /* search.ranking.SearchIndex._states_sanction */
  Engine.prototype.statesSanction = function () {
    if (!this._sanction) {
      var a = this.a, self = this, states = new Uint8Array(this.clauseCount);
      this.underPenaltyHeadings().forEach(function (units) { units.forEach(function (c) { states[c] = 1; }); });
      this.params.sanction_words.forEach(function (word) {
        var at = self.postings(word, false);
        if (!at) return;
        for (var j = at[0]; j < at[1]; j++) if (a.c_tf[j] > 0) states[a.c_unit[j]] = 1;
      });
      this._sanction = states;
    }
    return this._sanction;
  };

  Engine.prototype.coordination = function (plan, c) {
    var p = this.params, doc = this.docs[this.a.clause_doc[c]], rec = this.clauses[c], covered;
    if (doc.doc_no_key && (plan.docKeys.indexOf(doc.doc_no_key) >= 0 || plan.annexKeys.indexOf(doc.doc_no_key) >= 0)) covered = 1.0;
    else covered = coverage(plan, normalize([doc.title].concat(rec.heading_path, [rec.text]).join(" ")), p.bigram_coverage, p.char_coverage);
    return Math.pow(p.coord_floor + covered, p.coord_power);
  };

  function resemblanceGrams(text) {
    var chars = Array.from(normalize(text)).filter(isAlnum), grams = new Set();
    for (var i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
    return grams;
  }

  function resemblance(x, y, atLeast) {
    if (!x.size || !y.size || Math.min(x.size, y.size) < atLeast * Math.max(x.size, y.size)) return 0.0;
    var inter = 0;
    x.forEach(function (g) { if (y.has(g)) inter++; });
    return inter / (x.size + y.size - inter);
  }

  function similarOf(hit) {
    return { doc_id: hit.doc_id, clause_id: hit.clause_id, title: hit.title, region: hit.region, level: hit.level,
      url: hit.url, status: hit.status };
  }

  /* search.ranking.SearchIndex._outranks */
  Engine.prototype.outranks = function (x, y, placed) {
    var dx = this.a.clause_doc[x], dy = this.a.clause_doc[y];
    if (placed.own[dx] !== placed.own[dy]) return placed.own[dx];
    if (this.tier[dx] !== this.tier[dy]) return this.tier[dx] < this.tier[dy];
    var fx = this.docs[dx].in_force !== false, fy = this.docs[dy].in_force !== false;
    if (fx !== fy) return fx;
    return this.docs[dx].region === "全国" && this.docs[dy].region !== "全国";
  };

  Engine.prototype.collapse = function (order, score, limit, named, placed) {
    var p = this.params, kept = [], docOf = this.a.clause_doc;
    for (var rank = 0; rank < order.length; rank++) {
      var c = order[rank], hit = this.hit(c, score.get(c));
      if (rank < p.collapse_depth) {
        var grams = resemblanceGrams(hit.text), at = -1;
        for (var k = 0; k < kept.length && !named.has(c); k++) {
          if (docOf[kept[k][0]] !== docOf[c] &&
              resemblance(kept[k][1], grams, p.collapse_resemblance) >= p.collapse_resemblance) { at = k; break; }
        }
        if (at < 0) kept.push([c, grams, hit]);
        else if (!named.has(kept[at][0]) && this.outranks(c, kept[at][0], placed)) {
          var host = kept[at][2];
          hit.similar = host.similar.concat([similarOf(host)]);
          host.similar = [];
          hit.score = host.score;
          kept[at] = [c, grams, hit];
        } else kept[at][2].similar.push(similarOf(hit));
      } else {
        kept.push([c, null, hit]);
      }
      if (kept.length >= limit && rank >= p.collapse_depth) break;
    }
    return kept.slice(0, limit).map(function (k) { return k[2]; });
  };

  Engine.prototype.hit = function (c, score) {
    var doc = this.docs[this.a.clause_doc[c]], rec = this.clauses[c];
    return {
      doc_id: doc.doc_id, clause_id: rec.clause_id, title: doc.title, heading: rec.heading_path.join(" / "),
      heading_path: rec.heading_path, text: rec.text, score: score, url: rec.url, citation: rec.citation,
      doc_no: doc.doc_no, region: doc.region, status: doc.status, status_label: doc.status_label,
      in_force: doc.in_force, kind: doc.kind, level: doc.level, issued: doc.issued,
      citable: doc.citable !== false && doc.kind !== "compilation", similar: []
    };
  };

  /* --- the passage (search/render.py) ------------------------------------------------------ */

  function termSpans(low, terms) {
    var spans = [], taken = new Uint8Array(low.length);
    terms.forEach(function (term) {
      if (!term) return;
      for (var at = low.indexOf(term); at >= 0; at = low.indexOf(term, at + term.length)) {
        var free = true;
        for (var i = at; i < at + term.length; i++) if (taken[i]) { free = false; break; }
        if (free) {
          spans.push([at, at + term.length]);
          for (var j = at; j < at + term.length; j++) taken[j] = 1;
        }
      }
    });
    return spans.sort(function (x, y) { return x[0] - y[0]; });
  }

  function bestPassage(text, terms, width) {
    width = width || PASSAGE_CHARS;
    var flat = text.slice(0, SCAN_CHARS).replace(/\n/g, " ");
    var spans = termSpans(normalize(flat), terms);
    if (text.length <= width) return [flat, spans];
    var bestStart = 0, bestCount = -1, bestLo = 0, lo = 0, hi = 0;
    (spans.length ? spans : [[0, 0]]).forEach(function (s) {
      var start = Math.max(0, Math.min(s[0] - Math.floor(width / 4), flat.length - width));
      while (lo < spans.length && spans[lo][0] < start) lo++;
      while (hi < spans.length && spans[hi][1] <= start + width) hi++;
      var count = Math.max(0, hi - lo);
      if (count > bestCount) { bestStart = start; bestCount = count; bestLo = lo; }
    });
    var end = bestStart + width, inside = spans.slice(bestLo, bestLo + bestCount);
    var prefix = bestStart > 0 ? "…" : "", suffix = end < text.length ? "…" : "";
    var shift = prefix.length - bestStart;
    return [prefix + flat.slice(bestStart, end) + suffix, inside.map(function (s) { return [s[0] + shift, s[1] + shift]; })];
  }

  /* --- loading ----------------------------------------------------------------------------- */

  /* The index is shipped gzip-compressed; a server that already sent it with Content-Encoding:
   * gzip hands over the plain bytes, which are read as they are. */
  function unpack(buffer) {
    var head = new Uint8Array(buffer, 0, 2);
    if (head[0] !== 0x1f || head[1] !== 0x8b) return Promise.resolve(buffer);
    if (typeof DecompressionStream === "undefined") return Promise.reject(new Error("此浏览器不支持解压检索索引，请使用较新的浏览器"));
    var stream = new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer();
  }

  function load(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("检索索引无法读取（HTTP " + r.status + "）");
      return r.arrayBuffer();
    }).then(unpack).then(function (buffer) { return new Engine(buffer); });
  }

  function fromBytes(buffer) { return unpack(buffer).then(function (b) { return new Engine(b); }); }

  /* --- the clause a result opened ------------------------------------------------------------ */

  /* A result link (…/#a21?h=主要负责人 职责) marks the words of `h` in the clause it points at —
   * from its heading to the next heading — and nowhere else on the page. Words of one character
   * are never marked: 有 or 的 would light up the whole text. */
  function markClause(loc) {
    var words = (new URLSearchParams(loc.search).get("h") || "").split(/\s+/)
      .filter(function (w) { return Array.from(w).length > 1; }).map(normalize);
    if (!words.length || !loc.hash || typeof document === "undefined") return 0;
    var head = document.getElementById(decodeURIComponent(loc.hash.slice(1)));
    if (!head) return 0;
    var marked = 0;
    for (var el = head.nextElementSibling; el && !/^H[1-6]$/.test(el.tagName); el = el.nextElementSibling) {
      var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), texts = [], node;
      while ((node = walker.nextNode())) if (!node.parentNode.closest("button")) texts.push(node);
      texts.forEach(function (t) {
        var spans = termSpans(normalize(t.data), words);
        for (var i = spans.length - 1; i >= 0; i--) {
          var hit = t.splitText(spans[i][0]);
          hit.splitText(spans[i][1] - spans[i][0]);
          var mark = document.createElement("mark");
          mark.className = "ab-mark";
          hit.parentNode.replaceChild(mark, hit);
          mark.appendChild(hit);
          marked++;
        }
      });
    }
    return marked;
  }

  root.AnbiaoSearch = { load: load, fromBytes: fromBytes, Engine: Engine, normalize: normalize, bestPassage: bestPassage,
    markClause: markClause };
})(typeof window !== "undefined" ? window : globalThis);
