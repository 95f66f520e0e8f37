/**
 * The live training view: a progress bar, the epoch line (NLL and the
 * spectral audit) and a small SVG chart of train and validation NLL.
 */
import type { FromWorker } from './messages.js';

type EpochMessage = Extract<FromWorker, { type: 'epoch' }>;

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 480;
const HEIGHT = 140;
const PAD = 28;

export class ProgressView {
  private train: [number, number][] = [];
  private validation: [number, number][] = [];
  private stageName = '';

  constructor(
    private readonly bar: HTMLProgressElement,
    private readonly stage: HTMLElement,
    private readonly line: HTMLElement,
    private readonly spectral: HTMLElement,
    private readonly chart: SVGSVGElement,
  ) {}

  reset(): void {
    this.train = [];
    this.validation = [];
    this.bar.value = 0;
    this.line.textContent = '';
    this.spectral.textContent = '';
    this.stage.textContent = '';
    this.chart.replaceChildren();
  }

  showStage(stage: string, detail: string): void {
    if (stage !== this.stageName && (stage === 'fit' || stage === 'audit-fit')) {
      this.train = [];
      this.validation = [];
    }
    this.stageName = stage;
    this.stage.textContent = detail.charAt(0).toUpperCase() + detail.slice(1) + '…';
  }

  showEpoch(report: EpochMessage): void {
    this.bar.max = report.epochs;
    this.bar.value = report.epoch;
    const which = report.stage === 'audit-fit' ? 'Audit model' : 'Release model';
    this.line.textContent = `${which}: epoch ${report.epoch} of ${report.epochs} · NLL train `
      + `${report.trainNll.toFixed(3)} · validation ${report.validationNll.toFixed(3)} · `
      + `largest spectral norm ${report.maxSpectralNorm.toFixed(3)}`;
    this.spectral.textContent = report.spectralNorms
      .map((norm, layer) => `layer ${layer + 1}: ${norm.toFixed(3)}`).join(' · ');
    this.train.push([report.epoch, report.trainNll]);
    this.validation.push([report.epoch, report.validationNll]);
    this.draw(report.epochs);
  }

  finish(text: string): void {
    this.bar.value = this.bar.max;
    this.stage.textContent = text;
  }

  private draw(epochs: number): void {
    const all = [...this.train, ...this.validation].map(([, y]) => y)
      .filter((y) => Number.isFinite(y));
    if (all.length === 0) return;
    const low = Math.min(...all);
    const high = Math.max(...all);
    const span = high > low ? high - low : 1;
    const x = (epoch: number) => PAD + (WIDTH - 2 * PAD) * (epoch - 1) / Math.max(1, epochs - 1);
    const y = (nll: number) => HEIGHT - PAD + (PAD * 2 - HEIGHT) * (nll - low) / span;
    const path = (points: [number, number][], kind: string) => {
      const line = document.createElementNS(SVG, 'polyline');
      line.setAttribute('class', kind);
      line.setAttribute('points', points.filter(([, v]) => Number.isFinite(v))
        .map(([e, v]) => `${x(e).toFixed(1)},${y(v).toFixed(1)}`).join(' '));
      return line;
    };
    const label = (text: string, px: number, py: number) => {
      const node = document.createElementNS(SVG, 'text');
      node.setAttribute('x', String(px));
      node.setAttribute('y', String(py));
      node.textContent = text;
      return node;
    };
    this.chart.replaceChildren(
      path(this.train, 'train'), path(this.validation, 'validation'),
      label(`NLL ${high.toFixed(2)}`, 4, 12), label(low.toFixed(2), 4, HEIGHT - 4),
      label('— train   - - validation', WIDTH - 170, 12),
    );
  }
}
