// graphmap analysts' page. Every piece of data is written with textContent (never innerHTML):
// names and quotes come from documents, and documents can contain anything.
"use strict";

(() => {
  const KIND_LABELS = {
    Organization: "机构", Person: "人物", Technology: "技术", Industry: "产业",
    ChainSegment: "产业链环节", Consortium: "联合体", Event: "活动", Achievement: "成果",
    Document: "文档",
  };
  const KIND_COLOURS = {
    Organization: "#1f77b4", Person: "#ff7f0e", Technology: "#2ca02c", Industry: "#8c564b",
    ChainSegment: "#9467bd", Consortium: "#d62728", Event: "#17becf", Achievement: "#bcbd22",
    Document: "#7f7f7f",
  };
  const EDGE_LABELS = {
    AFFILIATED_WITH: "任职", EXPERT_IN: "专长", WORKS_ON: "研发", MEMBER_OF: "成员",
    LEADS: "牵头", IN_SEGMENT: "所属环节", PART_OF: "属于", UPSTREAM_OF: "上游",
    SPOKE_AT: "发言", ATTENDED: "出席", HOSTED: "主办", COOPERATES_WITH: "合作",
    DEVELOPED: "完成成果", TRANSFERRED_TO: "转化至", MENTIONS: "提及",
  };
  const STATUS_LABELS = { confirmed: "已确认", uncertain: "待核实", rejected: "已驳回" };
  const ATTR_LABELS = {
    org_type: "机构类型", credit_code: "统一社会信用代码", region: "地区", organization: "单位",
    titles: "职称", roles: "职务", fields_of_work: "领域", gender: "性别", birth_year: "出生年份",
    bio: "简介", industry: "产业", stage: "链位", event_type: "活动类型", date: "日期",
    place: "地点", attendance: "参加人数", transferred: "已转化", year: "年份",
    doc_type: "文档类型", doc_id: "文档编号", path: "文件", title: "职务/职称", role: "角色",
    since: "加入时间", count: "次数", merged_from: "合并自", positions: "任职经历",
  };
  const SECTOR_LABELS = {
    academia: "高校", research: "科研院所", industry: "企业", government: "政府",
    society: "学会/协会", medicine: "医疗机构", other: "其他",
  };

  const STAGES = [["upstream", "上游"], ["midstream", "中游"], ["downstream", "下游"]];
  const SEGMENT_STATUS = { gap: "空白", thin: "薄弱", covered: "已覆盖" };
  const ORG_TYPE_LABELS = {
    enterprise: "企业", university: "高校", research_institute: "科研院所", government: "政府机构",
    association: "社团", hospital: "医院", finance: "金融机构", other: "其他",
  };
  const VALUE_LABELS = { org_type: ORG_TYPE_LABELS, stage: Object.fromEntries(STAGES) };

  const $ = (id) => document.getElementById(id);

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function badge(text, extra) {
    return el("span", text, extra ? `badge ${extra}` : "badge");
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // -- API ------------------------------------------------------------------------------------

  const keyInput = $("api-key");
  keyInput.value = sessionStorage.getItem("graphmap-key") || "";
  keyInput.addEventListener("change", () => sessionStorage.setItem("graphmap-key", keyInput.value));

  async function api(path, params, { method = "GET", json, form } = {}) {
    const url = new URL(path, window.location.origin);
    for (const [name, value] of Object.entries(params || {})) {
      if (value === undefined || value === null || value === "") continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, item);
    }
    const headers = { Accept: "application/json" };
    if (keyInput.value) headers["X-API-Key"] = keyInput.value;
    let body;
    if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    } else if (form !== undefined) {
      body = form;
    }
    const response = await fetch(url, { method, headers, body });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = answer.detail || `HTTP ${response.status}`;
      throw new Error(answer.fix ? `${detail}（建议：${answer.fix}）` : detail);
    }
    return answer;
  }

  // -- the graph ------------------------------------------------------------------------------

  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const network = new vis.Network($("graph"), { nodes, edges }, {
    nodes: {
      shape: "dot", size: 14, borderWidth: 1,
      font: { size: 13, face: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" },
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      font: { size: 10, align: "middle", color: "#52606d" },
      color: { color: "#9aa5b1", highlight: "#1f6feb" },
      smooth: { type: "continuous" },
    },
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 200 } },
    interaction: { hover: true, tooltipDelay: 150 },
  });
  let selected = null;

  function tooltip(item) {
    const box = el("div");
    box.appendChild(el("strong", item.name));
    box.appendChild(el("div", `${KIND_LABELS[item.kind] || item.kind} · ${STATUS_LABELS[item.status] || item.status}`));
    return box;
  }

  function addSubgraph(sub) {
    nodes.update(sub.nodes.map((n) => ({
      id: n.id,
      label: n.name.length > 18 ? `${n.name.slice(0, 17)}…` : n.name,
      title: tooltip(n),
      color: { background: KIND_COLOURS[n.kind] || "#999", border: n.status === "confirmed" ? "#1f2933" : "#ffffff" },
      shapeProperties: { borderDashes: n.status === "uncertain" ? [3, 3] : false },
    })));
    edges.update(sub.edges.map((e) => ({
      id: e.id,
      from: e.source,
      to: e.target,
      label: EDGE_LABELS[e.kind] || e.kind,
      dashes: e.status !== "confirmed",
    })));
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(200);
  }

  network.on("stabilizationIterationsDone", () => network.setOptions({ physics: { enabled: false } }));
  network.on("afterDrawing", () => {
    const status = $("graph-status");
    const n = nodes.length;
    const m = edges.length;
    if (status.dataset.nodes === String(n) && status.dataset.edges === String(m)) return;
    status.dataset.nodes = String(n);
    status.dataset.edges = String(m);
    status.textContent = n
      ? `已绘制 ${n} 个节点、${m} 条边。单击节点查看详情，双击节点展开邻居。`
      : "图为空。";
  });
  network.on("click", (params) => {
    if (params.nodes.length) openEntity(params.nodes[0], { draw: false });
  });
  network.on("doubleClick", (params) => {
    if (params.nodes.length) expand(params.nodes[0]);
  });

  async function expand(entityId) {
    const status = $("graph-status");
    try {
      const sub = await api(`/api/entities/${encodeURIComponent(entityId)}/neighbours`, {
        radius: 1, max_nodes: 80, documents: $("show-docs").checked ? "true" : "false",
      });
      addSubgraph(sub);
      if (sub.truncated) status.textContent += "（邻居过多，仅显示部分）";
    } catch (error) {
      status.textContent = `展开失败：${error.message}`;
    }
  }

  $("expand-button").addEventListener("click", () => selected && expand(selected));
  $("clear-button").addEventListener("click", () => {
    nodes.clear();
    edges.clear();
    network.redraw();
  });

  const legend = $("legend");
  for (const [kind, label] of Object.entries(KIND_LABELS)) {
    const item = el("li");
    const dot = el("span");
    dot.style.background = KIND_COLOURS[kind];
    item.appendChild(dot);
    item.appendChild(document.createTextNode(label));
    legend.appendChild(item);
  }

  // -- search ---------------------------------------------------------------------------------

  const kindSelect = $("search-kind");
  for (const [kind, label] of Object.entries(KIND_LABELS)) {
    const option = el("option", label);
    option.value = kind;
    kindSelect.appendChild(option);
  }

  function entityButton(item, onClick) {
    const button = el("button");
    button.type = "button";
    button.appendChild(el("span", item.name));
    button.appendChild(badge(KIND_LABELS[item.kind] || item.kind));
    if (item.status) button.appendChild(badge(STATUS_LABELS[item.status] || item.status, item.status));
    button.addEventListener("click", onClick);
    return button;
  }

  $("search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = $("search-status");
    const list = $("search-results");
    clear(list);
    status.textContent = "搜索中…";
    try {
      const found = await api("/api/entities", {
        q: $("search-input").value.trim(), kind: kindSelect.value, limit: 50,
      });
      status.textContent = found.results.length
        ? `找到 ${found.results.length} 个实体`
        : "没有匹配的实体。试试更短的名称或别名。";
      for (const item of found.results) {
        const li = el("li");
        li.appendChild(entityButton(item, () => openEntity(item.id, { draw: true })));
        list.appendChild(li);
      }
    } catch (error) {
      status.textContent = `搜索失败：${error.message}`;
    }
  });

  // -- entity detail --------------------------------------------------------------------------

  function highlighted(sentence, names) {
    const span = el("span");
    const name = names.find((n) => n && sentence.includes(n));
    if (!name) {
      span.textContent = sentence;
      return span;
    }
    const at = sentence.indexOf(name);
    span.appendChild(document.createTextNode(sentence.slice(0, at)));
    span.appendChild(el("mark", name));
    span.appendChild(document.createTextNode(sentence.slice(at + name.length)));
    return span;
  }

  function formatItem(item) {
    if (item === null || typeof item !== "object") return String(item);
    if (item.name) return item.reason ? `${item.name}（${item.reason}）` : item.name;
    const position = [item.title || item.role, item.organization].filter(Boolean).join(" · ");
    return position || item.id || JSON.stringify(item);
  }

  function formatValue(value, key) {
    const labels = VALUE_LABELS[key];
    if (labels && typeof value === "string") return labels[value] || value;
    if (Array.isArray(value)) return value.map(formatItem).join("、");
    if (value === true) return "是";
    if (value === false) return "否";
    if (value !== null && typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function renderEntity(detail) {
    const box = $("entity");
    clear(box);
    box.className = "";
    const title = el("h3", detail.name);
    title.appendChild(badge(KIND_LABELS[detail.kind] || detail.kind));
    title.appendChild(badge(STATUS_LABELS[detail.status] || detail.status, detail.status));
    box.appendChild(title);
    box.appendChild(el("div", detail.id, "muted"));
    box.appendChild(curationControls(detail));

    const attrs = el("dl", null, "attrs");
    if (detail.aliases.length) {
      attrs.appendChild(el("dt", "别名"));
      attrs.appendChild(el("dd", detail.aliases.join("、")));
    }
    for (const [key, value] of Object.entries(detail.attributes)) {
      attrs.appendChild(el("dt", ATTR_LABELS[key] || key));
      attrs.appendChild(el("dd", formatValue(value, key)));
    }
    box.appendChild(attrs);

    box.appendChild(el("h3", `证据（${detail.evidence_total} 条）`));
    if (!detail.evidence.length) box.appendChild(el("p", "暂无证据。", "muted"));
    const quotes = el("ul", null, "evidence");
    quotes.id = "evidence-list";
    const names = [detail.name, ...detail.aliases];
    for (const ev of detail.evidence) {
      const li = el("li");
      li.appendChild(highlighted(ev.sentence, names));
      li.appendChild(el("span",
        `${ev.document || ev.doc_id} · 位置 ${ev.start}–${ev.end} · ${ev.extractor} · 置信度 ${ev.confidence.toFixed(2)}`,
        "meta"));
      quotes.appendChild(li);
    }
    box.appendChild(quotes);
    if (detail.evidence_total > detail.evidence.length) {
      box.appendChild(el("p", `另有 ${detail.evidence_total - detail.evidence.length} 条证据未显示。`, "muted"));
    }

    box.appendChild(el("h3", `关系（${detail.relations_total} 条）`));
    const rels = el("ul", null, "relations");
    for (const rel of detail.relations) {
      const li = el("li");
      const arrow = rel.direction === "out" ? "→" : "←";
      li.appendChild(document.createTextNode(`${arrow} ${EDGE_LABELS[rel.kind] || rel.kind}：`));
      const link = el("button", rel.other.name);
      link.type = "button";
      link.addEventListener("click", () => openEntity(rel.other.id, { draw: true }));
      li.appendChild(link);
      li.appendChild(badge(STATUS_LABELS[rel.status] || rel.status, rel.status));
      const extra = Object.entries(rel.attributes).map(([k, v]) => `${ATTR_LABELS[k] || k}: ${formatValue(v, k)}`);
      if (extra.length) li.appendChild(el("span", ` （${extra.join("；")}）`, "muted"));
      rels.appendChild(li);
    }
    box.appendChild(rels);

    if (detail.kind === "Organization") {
      const ask = el("button", "推荐合作单位");
      ask.type = "button";
      ask.id = "partners-button";
      const list = el("ol", null, "partners");
      list.id = "partner-results";
      ask.addEventListener("click", () => showPartners(detail.id, list));
      box.appendChild(el("h3", "合作单位推荐"));
      box.appendChild(ask);
      box.appendChild(list);
    }
  }

  async function showPartners(orgId, list) {
    clear(list);
    list.appendChild(el("li", "正在推荐…", "muted"));
    try {
      const partners = await api("/api/recommend/partners", { org: orgId, k: 5 });
      clear(list);
      if (!partners.length) list.appendChild(el("li", "没有找到互补的合作单位。", "muted"));
      for (const partner of partners) {
        const li = el("li");
        const link = el("button", partner.name);
        link.type = "button";
        link.addEventListener("click", () => openEntity(partner.organization_id, { draw: true }));
        li.appendChild(link);
        li.appendChild(badge(ORG_TYPE_LABELS[partner.org_type] || partner.org_type));
        for (const reason of partner.reasons.slice(0, 3)) {
          li.appendChild(el("div", `${reason.text}：${reason.path.description}`, "why"));
        }
        list.appendChild(li);
      }
    } catch (error) {
      clear(list);
      list.appendChild(el("li", `推荐失败：${error.message}`, "muted"));
    }
  }

  function curationControls(detail) {
    const row = el("div", null, "curate");
    const note = el("span", "", "muted");
    const act = (action, label) => {
      const button = el("button", label);
      button.type = "button";
      button.addEventListener("click", async () => {
        try {
          await api("/api/curation", {}, {
            method: "POST", json: { action, target: detail.id, note: "网页审核" },
          });
          note.textContent = `已记录“${label}”，重新构建后生效。`;
        } catch (error) {
          note.textContent = `未能记录：${error.message}`;
        }
      });
      return button;
    };
    row.appendChild(el("span", "审核：", "muted"));
    row.appendChild(act("confirm", "确认"));
    row.appendChild(act("reject", "驳回"));
    row.appendChild(note);
    return row;
  }

  async function openEntity(entityId, { draw }) {
    selected = entityId;
    $("expand-button").disabled = false;
    const box = $("entity");
    try {
      const detail = await api(`/api/entities/${encodeURIComponent(entityId)}`, { evidence_limit: 30 });
      renderEntity(detail);
      history.replaceState(null, "", `#entity=${encodeURIComponent(entityId)}`);
      if (draw) {
        nodes.clear();
        edges.clear();
        await expand(entityId);
      }
      network.selectNodes(nodes.get(entityId) ? [entityId] : []);
    } catch (error) {
      clear(box);
      box.className = "muted";
      box.textContent = `无法打开实体：${error.message}`;
    }
  }

  // -- chain coverage -------------------------------------------------------------------------


  async function loadChainChoices() {
    const consortia = $("chain-consortium");
    const industries = $("chain-industry");
    clear(consortia);
    while (industries.options.length > 1) industries.remove(1);
    try {
      const [found, chains] = await Promise.all([
        api("/api/entities", { kind: "Consortium", limit: 200 }), api("/api/chains"),
      ]);
      for (const item of found.results) {
        const option = el("option", item.name);
        option.value = item.id;
        consortia.appendChild(option);
      }
      for (const chain of chains) {
        const option = el("option", `${chain.name}（${chain.segments} 个环节）`);
        option.value = chain.id;
        industries.appendChild(option);
      }
      if (!found.results.length) $("chain-status").textContent = "工作区中还没有联合体。";
    } catch (error) {
      $("chain-status").textContent = `无法加载联合体列表：${error.message}`;
    }
  }

  function orgButton(id, name) {
    const button = el("button", name);
    button.type = "button";
    button.className = "org";
    button.addEventListener("click", () => openEntity(id, { draw: true }));
    return button;
  }

  function renderCoverage(coverage) {
    const grid = $("chain-grid");
    clear(grid);
    const names = {};
    for (const stage of STAGES) {
      const column = el("div", null, "stage");
      column.appendChild(el("h3", `${stage[1]}（${coverage.balance[stage[0]] || 0} 家成员）`));
      for (const segment of coverage.segments.filter((s) => s.stage === stage[0])) {
        names[segment.segment_id] = segment.name;
        const card = el("div", null, `segment ${segment.status}`);
        card.dataset.segment = segment.segment_id;
        card.appendChild(el("span", SEGMENT_STATUS[segment.status] || segment.status, "status"));
        card.appendChild(el("strong", segment.name));
        if (segment.members.length) {
          const members = el("ul");
          for (const member of segment.members) {
            const li = el("li");
            li.appendChild(orgButton(member.org_id, member.name));
            if (member.is_lead) li.appendChild(badge("牵头"));
            if (member.uncertain) li.appendChild(badge("待核实", "uncertain"));
            li.title = member.reasons.join("；");
            members.appendChild(li);
          }
          card.appendChild(members);
        }
        column.appendChild(card);
      }
      grid.appendChild(column);
    }
    $("chain-status").textContent =
      `${coverage.consortium} × ${coverage.industry}：成员 ${coverage.member_count} 家，` +
      `环节 ${coverage.segments.length} 个，空白 ${coverage.gaps.length} 个，薄弱 ${coverage.thin.length} 个` +
      (coverage.unclassified.length ? `，未能归入环节的成员 ${coverage.unclassified.length} 家` : "");

    const list = $("chain-candidates");
    clear(list);
    $("candidates-title").hidden = !coverage.candidates.length;
    for (const candidate of coverage.candidates) {
      const li = el("li");
      li.appendChild(orgButton(candidate.org_id, candidate.name));
      li.appendChild(badge(ORG_TYPE_LABELS[candidate.org_type] || candidate.org_type));
      li.appendChild(badge(`得分 ${candidate.score.toFixed(2)}`));
      const fills = candidate.segment_ids.map((id) => names[id] || id).join("、");
      if (fills) li.appendChild(el("div", `可补环节：${fills}`, "why"));
      for (const reason of candidate.reasons) li.appendChild(el("div", reason, "why"));
      list.appendChild(li);
    }
  }

  $("chain-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = $("chain-status");
    status.textContent = "正在计算覆盖情况…";
    clear($("chain-grid"));
    try {
      const coverage = await api("/api/chains/coverage", {
        consortium: $("chain-consortium").value, industry: $("chain-industry").value,
      });
      renderCoverage(coverage);
    } catch (error) {
      status.textContent = `无法计算覆盖：${error.message}`;
    }
  });

  // -- expert panel ---------------------------------------------------------------------------

  $("expert-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = $("expert-status");
    const list = $("expert-results");
    clear(list);
    status.textContent = "正在推荐…";
    try {
      const panel = await api("/api/recommend/experts", {
        topic: $("expert-topic").value.trim(), k: $("expert-k").value,
        host_org: $("expert-host").value.trim(),
      });
      status.textContent = panel.picks.length
        ? `为“${panel.topic}”推荐 ${panel.picks.length} 位专家` : "没有与该选题匹配的专家。";
      for (const note of panel.notes) status.textContent += `；${note}`;
      for (const pick of panel.picks) {
        const li = el("li");
        const name = el("button", pick.name);
        name.type = "button";
        name.className = "link";
        name.addEventListener("click", () => openEntity(pick.expert_id, { draw: true }));
        li.appendChild(name);
        li.appendChild(el("span", ` ${pick.organization || "（单位未知）"}`));
        li.appendChild(badge(SECTOR_LABELS[pick.sector] || pick.sector));
        li.appendChild(badge(`相关度 ${pick.relevance.toFixed(2)}`));
        if (pick.young) li.appendChild(badge("青年"));
        if (pick.matched_terms.length) li.appendChild(el("div", `命中：${pick.matched_terms.join("、")}`, "why"));
        if (pick.expanded_terms.length) li.appendChild(el("div", `扩展：${pick.expanded_terms.join("；")}`, "why"));
        for (const quote of pick.quotes) li.appendChild(el("blockquote", quote));
        if (pick.diversity.length) li.appendChild(el("div", `入选理由：${pick.diversity.join("；")}`, "why"));
        list.appendChild(li);
      }
    } catch (error) {
      status.textContent = `推荐失败：${error.message}`;
    }
  });

  // -- uploads and builds --------------------------------------------------------------------

  const STAGE_NAMES = { lists: "读取名单", texts: "抽取文本", assemble: "合并图谱" };

  $("upload-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = $("admin-status");
    const list = $("upload-results");
    clear(list);
    const form = new FormData();
    for (const file of $("upload-files").files) form.append("files", file);
    status.textContent = "正在上传…";
    try {
      const result = await api("/api/documents", {}, { method: "POST", form });
      status.textContent = `上传完成：${result.summary}。点击“重新构建图谱”使新资料进入图谱。`;
      const labels = { added: "已添加", replaced: "已替换", unchanged: "未变化", error: "失败" };
      for (const file of result.files) {
        list.appendChild(el("li", `${file.stored_as}：${labels[file.status] || file.status} ${file.detail}`));
      }
    } catch (error) {
      status.textContent = `上传失败：${error.message}`;
    }
  });

  $("build-button").addEventListener("click", async () => {
    const status = $("admin-status");
    const bar = $("build-progress");
    try {
      let job = await api("/api/builds", {}, { method: "POST" });
      bar.hidden = false;
      while (job.status === "queued" || job.status === "running") {
        bar.max = job.total || 1;
        bar.value = job.done;
        status.textContent = `构建中：${STAGE_NAMES[job.stage] || job.stage || "排队"} ${job.done}/${job.total}`;
        await new Promise((resolve) => setTimeout(resolve, 500));
        job = await api(`/api/builds/${encodeURIComponent(job.id)}`);
      }
      bar.hidden = true;
      if (job.status === "succeeded") loadChainChoices();
      status.textContent = job.status === "succeeded"
        ? `构建完成：${job.report.entities} 个实体、${job.report.relations} 条关系，用时 ${job.report.seconds.toFixed(1)} 秒。`
        : `构建失败：${job.error ? job.error.detail : "未知原因"}`;
    } catch (error) {
      bar.hidden = true;
      status.textContent = `无法构建：${error.message}`;
    }
  });

  // -- start ----------------------------------------------------------------------------------

  api("/api/health").then((health) => {
    const access = health.writes_enabled ? "可写（需密钥）" : "只读";
    $("service-status").textContent =
      `工作区 ${health.workspace} · 上次构建 ${health.last_build || "尚未构建"} · ${access}`;
  }).catch((error) => {
    $("service-status").textContent = `服务不可用：${error.message}`;
  });

  loadChainChoices();

  const initial = new URLSearchParams(window.location.hash.slice(1)).get("entity");
  if (initial) openEntity(initial, { draw: true });
})();
