/** The report's inline stylesheet: system fonts only, nothing fetched. */

import { COLORS, FONT } from './svg.js';

export const STYLESHEET = `
:root {
  --ink: ${COLORS.ink}; --muted: ${COLORS.muted}; --line: #e3e7ec;
  --real: ${COLORS.real}; --synthetic: ${COLORS.synthetic};
  --corrected: ${COLORS.corrected}; --naive: ${COLORS.naive}; --chosen: ${COLORS.chosen};
  --paper: #ffffff; --page: #f5f6f8; --warn: #fff6e5; --warn-line: #f0c36d;
}
* { box-sizing: border-box; }
html { background: var(--page); }
body {
  margin: 0; color: var(--ink); font-family: ${FONT};
  font-size: 15px; line-height: 1.5; -webkit-font-smoothing: antialiased;
  overflow-wrap: break-word;
}
main { max-width: 1120px; margin: 0 auto; padding: 32px 28px 48px; }
header.top { margin-bottom: 20px; }
h1 { font-size: 26px; font-weight: 650; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 19px; font-weight: 620; margin: 0 0 4px; }
h3 { font-size: 13px; font-weight: 600; margin: 0 0 8px; color: var(--muted);
  text-transform: uppercase; letter-spacing: 0.06em; }
.subtitle, .lede { color: var(--muted); margin: 0; }
.lede { margin-bottom: 16px; max-width: 78ch; }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px 18px; margin-top: 12px; font-size: 14px; }
nav.toc a { color: var(--muted); text-decoration: none; border-bottom: 1px solid var(--line); }
nav.toc a:hover { color: var(--ink); }
section.card {
  background: var(--paper); border: 1px solid var(--line); border-radius: 12px;
  padding: 22px 26px; margin: 0 0 22px; box-shadow: 0 1px 2px rgba(20, 30, 40, 0.04);
}
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
  gap: 14px; margin: 14px 0 18px; }
.tile { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
.tile .big { font-size: 28px; font-weight: 600; line-height: 1.2;
  font-variant-numeric: tabular-nums; }
.tile .big small { font-size: 14px; color: var(--muted); font-weight: 400; }
.tile p { margin: 6px 0 0; font-size: 13px; color: var(--muted); }
.scores { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
.scores li { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; }
.scores .name { min-width: 13em; }
.scores .value { font-weight: 600; font-variant-numeric: tabular-nums; min-width: 4.5em; }
.scores .how { color: var(--muted); font-size: 13px; }
.split { display: grid; grid-template-columns: minmax(300px, 380px) 1fr; gap: 28px;
  align-items: start; }
.legend-list .name { min-width: 16em; }
.legend-list .name span { display: inline-flex; align-items: center; gap: 8px; }
.columns2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 22px; }
ul.assumptions { margin: 0; padding-left: 1.2em; font-size: 14px; }
ul.assumptions li { margin: 3px 0; }
.warnings { background: var(--warn); border: 1px solid var(--warn-line); border-radius: 10px;
  padding: 10px 14px; margin: 0 0 16px; font-size: 14px; }
.warnings ul { margin: 4px 0 0; padding-left: 1.2em; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 13px; color: var(--muted);
  margin: 0 0 12px; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.swatch { width: 14px; height: 10px; border-radius: 2px; display: inline-block; }
.swatch.line { height: 0; border-top: 2.5px solid; border-radius: 0; }
.swatch.dash { height: 0; border-top: 2px dashed; border-radius: 0; }
.swatch.diamond { width: 9px; height: 9px; transform: rotate(45deg); border-radius: 1px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr));
  gap: 18px 22px; }
figure { margin: 0; }
figure.chart { overflow-x: auto; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 13px; color: var(--muted); margin: 0 0 4px; }
figcaption strong { color: var(--ink); font-size: 14px; font-weight: 600; margin-right: 8px;
  overflow-wrap: anywhere; }
.note { font-size: 13px; color: var(--muted); margin: 10px 0 0; }
.chips { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 0; }
.chip { font-size: 13px; background: var(--page); border-radius: 999px; padding: 3px 12px; }
.chip b { font-variant-numeric: tabular-nums; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 28px; }
@media (max-width: 720px) {
  main { padding: 20px 12px 32px; }
  section.card { padding: 16px 14px; }
  .split { grid-template-columns: minmax(0, 1fr); }
  .scores .name, .legend-list .name { min-width: 0; }
}
@media print { html { background: white; } section.card { break-inside: avoid; box-shadow: none; } }
`;
