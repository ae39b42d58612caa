// The page's only style and script, inlined: no CDN, nothing to fetch, light enough for an old office PC.

/**
 * Colours meet WCAG AA (4.5:1) for their text: white on the green, red, blue and grey badges, dark brown on the
 * amber one; the state is always written in words too, with a shape, never by colour alone.
 */
export const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#f4f5f7}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.5rem;padding-top:1rem}
h1{font-size:1.5rem;margin:.25rem 0}
h2{font-size:1.15rem;margin:0 0 .5rem}
a{color:#0b4f9c}
a:focus,button:focus{outline:3px solid #1a1a1a;outline-offset:2px}
.lang{font-weight:600;padding:.35rem .75rem;border:2px solid #0b4f9c;border-radius:.4rem;text-decoration:none;background:#fff}
.intro{margin:.25rem 0 1rem;color:#333}
.commune-view{margin:.5rem 0 0;font-weight:600}
.summary{padding:.75rem 1rem;border-radius:.5rem;font-weight:600;margin:0 0 .25rem}
.updated{margin:.25rem 0 1rem;color:#333;font-size:.9rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(19rem,1fr));gap:1rem}
.card{background:#fff;border:1px solid #c9ccd1;border-radius:.6rem;padding:1rem}
.state{display:inline-block;padding:.3rem .7rem;border-radius:.4rem;font-weight:700;font-size:1.1rem;margin:0 0 .5rem}
.reasons{margin:.25rem 0 .75rem;padding-left:1.2rem}
dl{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.4fr);gap:.25rem .75rem;margin:0 0 .75rem}
dt{color:#444}
dd{margin:0;font-weight:600}
.s-operational{background:#1e7a3c;color:#fff}
.s-degraded{background:#ffd34d;color:#3d2c00}
.s-down{background:#b3261e;color:#fff}
.s-not-provisioned{background:#5a5f66;color:#fff}
.s-maintenance{background:#1f5fa8;color:#fff}
.s-none{background:#dfe1e5;color:#1a1a1a}
.bars{display:flex;gap:2px;height:2rem;align-items:stretch;margin:.25rem 0 0;padding:0;list-style:none}
.bars li{flex:1;border-radius:2px;box-shadow:inset 0 0 0 1px rgba(0,0,0,.45)}
.bar-axis{display:flex;justify-content:space-between;font-size:.8rem;color:#444}
.shares{font-size:.9rem;margin:.25rem 0 0}
.note{border-left:4px solid #b3261e;padding:.25rem .5rem;margin:.5rem 0;background:#fdf1f0}
.note-recovering{border-left-color:#1b6e2a;background:#eef7ef}
.incidents{margin:1.5rem auto 2rem}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #c9ccd1;vertical-align:top}
.legend{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0 0;padding:0;list-style:none;font-size:.85rem}
.legend li{padding:.1rem .5rem;border-radius:.3rem}
#offline{position:fixed;bottom:0;left:0;right:0;margin:0;padding:.5rem 1rem;background:#3d2c00;color:#fff;text-align:center}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40rem){
 table,thead,tbody,tr,th,td{display:block}
 thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
 tr{border:1px solid #c9ccd1;border-radius:.5rem;margin:0 0 .75rem;background:#fff}
 td{border:0;padding:.25rem .75rem}
 td::before{content:attr(data-label) ": ";font-weight:400;color:#444}
}
`;

/**
 * Every ~10 s, fetch the live fragment of this page in the same language and swap it in; on failure keep the
 * last figures and show a notice. Plain ES5 and XMLHttpRequest so that old office browsers run it too.
 */
export const SCRIPT = `
(function(){
  var live=document.getElementById('live'),off=document.getElementById('offline');
  if(!live||!window.XMLHttpRequest)return;
  var commune=/[?&]commune=(\d{5})/.exec(location.search);
  var url=location.pathname+'?fragment=1&lang='+encodeURIComponent(document.documentElement.lang)+(commune?'&commune='+commune[1]:'');
  function poll(){
    var x=new XMLHttpRequest();
    x.open('GET',url,true);
    x.timeout=8000;
    x.onload=function(){if(x.status===200){live.innerHTML=x.responseText;off.hidden=true}else{off.hidden=false}};
    x.onerror=x.ontimeout=function(){off.hidden=false};
    x.send();
  }
  setInterval(poll,10000);
})();
`;
