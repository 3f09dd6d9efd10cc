/**
 * One uPlot chart, as wide as its box (it follows the box's width as the window or the phone turns).
 * The picture is an image for screen readers, named by `label`: the table under it holds the numbers.
 * uPlot comes with the Reports screen (a chunk of its own), never in the first load.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

export function Chart(props: { label: string; options: ChartOptions; data: uPlot.AlignedData; height?: number }) {
  const { options, data, height = 240 } = props;
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const plot = new uPlot({ ...options, width: Math.max(160, el.clientWidth), height }, data, el);
    // Only the width follows the box; a change of a pixel or two is not worth a redraw.
    const resize = new ResizeObserver(() => {
      const width = Math.max(160, el.clientWidth);
      if (Math.abs(width - plot.width) > 2) plot.setSize({ width, height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [options, data, height]);

  return <div ref={box} className="report-chart" role="img" aria-label={props.label} data-chart="" />;
}
