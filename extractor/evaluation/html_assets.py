"""The HTML report's inline style sheet and script (nothing is fetched from the network)."""

CSS = """
:root{--gold:#f7c948;--gold-bg:rgba(247,201,72,.42);--pred:#2563eb;--focus:#db2777;
--ok:#15803d;--bad:#b91c1c;--warn:#b45309;--spur:#7c3aed;--ink:#1f2937;--muted:#6b7280;
--line:#e5e7eb;--bg:#f3f4f6}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:var(--ink);background:var(--bg)}
header{background:#111827;color:#f9fafb;padding:14px 24px}
header h1{margin:0;font-size:20px;font-weight:600}
header .sub{color:#9ca3af;font-size:13px}
main{padding:16px 24px;max-width:1800px;margin:0 auto}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;
margin:0 0 16px}
h2{font-size:17px;margin:0 0 10px;display:flex;align-items:center;gap:10px}
h3{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);
margin:14px 0 6px}
h4{font-size:15px;margin:16px 0 6px}h4 .kind{text-transform:capitalize}
.items-col h4:first-child{margin-top:0}
code{font:12px/1.3 ui-monospace,"DejaVu Sans Mono",monospace;background:#f3f4f6;
padding:1px 4px;border-radius:3px}
.config dl{display:grid;grid-template-columns:repeat(3,max-content minmax(0,1fr));
gap:4px 14px;margin:0}
.config dt{color:var(--muted)}.config dd{margin:0}
details.thresholds{margin-top:8px}details.thresholds summary{color:var(--muted);cursor:pointer}
details.thresholds pre{font-size:12px;background:#f9fafb;padding:8px;max-height:320px;
overflow:auto;border-radius:4px}
.metrics-grid{display:grid;grid-template-columns:minmax(0,10fr) minmax(0,8fr) minmax(0,6fr);
gap:24px}.metrics-grid h3:first-child{margin-top:0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:12px;background:#f9fafb}
table.metrics td{font-variant-numeric:tabular-nums}table.metrics th{white-space:nowrap}
table.attrs tr:has(td:first-child:not(:empty)) td{border-top:1px solid #cbd5e1}
table.narrow td:last-child{text-align:right;white-space:nowrap}
.score{display:inline-flex;align-items:center;gap:6px;font-variant-numeric:tabular-nums}
.bar{display:inline-block;width:40px;height:7px;background:#e5e7eb;border-radius:4px;
overflow:hidden}.bar i{display:block;height:100%;background:#3b82f6}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:11px;font-weight:600;
background:#e5e7eb;color:#374151;white-space:nowrap}
.wrap .badge{white-space:normal;margin-top:3px}
.badge.ok,.badge.matched,.badge.exact{background:#dcfce7;color:var(--ok)}
.badge.error,.badge.missing,.badge.not_found{background:#fee2e2;color:var(--bad)}
.badge.missed{background:#ffedd5;color:var(--warn)}
.badge.spurious{background:#ede9fe;color:var(--spur)}
.badge.normalized{background:#e0f2fe;color:#0369a1}.badge.fuzzy{background:#fef9c3;color:#854d0e}
.chip{display:inline-block;border:1px solid var(--line);border-radius:6px;padding:2px 8px;
margin:2px 6px 2px 0;font-size:12px;background:#fafafa}
.n{display:inline-block;min-width:22px;text-align:center;border-radius:4px;padding:0 4px;
font-weight:600}.n.matched{color:var(--ok)}.n.missed{color:var(--warn)}.n.spurious{color:var(--spur)}
.muted{color:var(--muted)}.small{font-size:12px}.indent{padding-left:14px;color:var(--muted)}
.aid{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
a.top{margin-left:auto;font-size:12px;font-weight:400;color:var(--muted)}
.article-grid{display:grid;grid-template-columns:minmax(320px,2fr) minmax(0,3fr);gap:20px;
margin-top:10px}
.text-col{position:sticky;top:8px;align-self:start;max-height:calc(100vh - 16px);display:flex;
flex-direction:column}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font:15px/1.75 Georgia,"DejaVu Serif",serif;
background:#fffdf7;border:1px solid var(--line);border-radius:6px;padding:12px 14px;
overflow:auto}
.text.missing{font-style:italic;color:var(--muted)}
mark.hl{background:none;color:inherit;border-radius:2px;cursor:pointer}
mark.hl.g{background:var(--gold-bg)}
mark.hl.p{text-decoration:underline 3px var(--pred);text-underline-offset:4px;
text-decoration-skip-ink:none}
mark.hl.focus{background:rgba(219,39,119,.22);outline:2px solid var(--focus);outline-offset:0}
.legend{font-size:12px;margin-bottom:6px;display:flex;gap:10px;flex-wrap:wrap}
.legend mark{padding:0 4px;font:12px/1.8 system-ui,sans-serif}
.anchor{scroll-margin-top:40vh}
table.items{table-layout:fixed;font-size:13px}
col.c-item{width:29%}col.c-out{width:11%}col.c-reason{width:15%}col.c-attr{width:16%}
tr.item td:first-child{border-left:4px solid transparent}
tr.item.matched td:first-child{border-left-color:#86efac}
tr.item.missed td:first-child{border-left-color:#fdba74}
tr.item.spurious td:first-child{border-left-color:#c4b5fd}
tr.item:hover,tr.item.focus{background:#fdf2f8}
td.reason{color:#374151;overflow-wrap:anywhere}
.item-title{font-weight:600;overflow-wrap:anywhere}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:0 8px;margin:2px 0 4px;
font-size:12px}
dl.fields dt{color:var(--muted)}dl.fields dd{margin:0;overflow-wrap:break-word;min-width:0}
dl.fields dd.wrong{color:var(--bad);font-weight:600}
ul.quotes{margin:2px 0;padding-left:16px;font-size:12px}
ul.quotes li{margin:1px 0}
a.quote{color:inherit;text-decoration:none;border-bottom:1px dotted var(--muted)}
a.quote.g{background:var(--gold-bg)}
a.quote.p{text-decoration:underline 2px var(--pred);text-underline-offset:3px;border:0}
.quote.unplaced{color:var(--bad)}
details.raw summary{font-size:11px;color:var(--muted);cursor:pointer}
details.raw pre{font-size:11px;max-height:240px;overflow:auto;background:#f9fafb;padding:6px}
.attr{display:inline-block;font-size:11px;border-radius:4px;padding:0 5px;margin:1px;
background:#f3f4f6;overflow-wrap:anywhere}
.attr.ok{background:#dcfce7;color:var(--ok)}.attr.bad{background:#fee2e2;color:var(--bad)}
.attr.part{background:#fef9c3;color:#854d0e}
.error-box{background:#fef2f2;border:1px solid #fecaca;color:var(--bad);border-radius:6px;
padding:8px 12px;margin:6px 0}
.error-box pre{white-space:pre-wrap;margin:4px 0 0;font-size:12px}
.toolbar{font-size:13px;display:flex;gap:12px;align-items:center;margin:0 0 12px}
body.hide-matched tr.item.matched,body.hide-missed tr.item.missed,
body.hide-spurious tr.item.spurious{display:none}
@media (max-width:1100px){.article-grid,.metrics-grid{grid-template-columns:1fr}
.text-col{position:static;max-height:none}}
"""

JS = """
(function(){
  function clear(){document.querySelectorAll('.focus').forEach(function(e){
    e.classList.remove('focus');});}
  function focus(keys, scroll){
    clear();
    var first=null;
    keys.forEach(function(k){
      document.querySelectorAll('[data-items~="'+k+'"]').forEach(function(e){
        e.classList.add('focus');
        if(!first && e.tagName==='MARK'){first=e;}
      });
    });
    if(scroll && first){first.scrollIntoView({block:'center',behavior:'smooth'});}
  }
  document.addEventListener('click', function(ev){
    if(ev.target.closest('a,summary,details,input,label')){return;}
    var row=ev.target.closest('tr.item');
    if(row){focus(row.dataset.items.split(' ').filter(Boolean), true);return;}
    var mark=ev.target.closest('mark.hl[data-items]');
    if(mark){
      var keys=mark.dataset.items.split(' ').filter(Boolean);
      focus(keys, false);
      var r=document.querySelector('tr.item[data-items~="'+keys[0]+'"]');
      if(r){r.scrollIntoView({block:'center',behavior:'smooth'});}
    }
  });
  document.querySelectorAll('input[data-outcome]').forEach(function(box){
    box.addEventListener('change', function(){
      document.body.classList.toggle('hide-'+box.dataset.outcome, !box.checked);
    });
  });
})();
"""
