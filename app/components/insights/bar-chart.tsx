import { useId } from 'react'

export interface Bar {
  label: string
  value: number
}

const WIDTH = 720
const HEIGHT = 160

/**
 * A bar per value, drawn on the server as SVG (sizes are attributes, colours
 * come from classes, so the CSP's ban on inline styles holds), with the same
 * numbers as a table for screen readers, copying and readers without images.
 */
export function BarChart({
  title,
  bars,
  labelHeading,
  valueHeading,
}: {
  title: string
  bars: Bar[]
  labelHeading: string
  valueHeading: string
}) {
  const id = useId()
  const max = Math.max(1, ...bars.map((b) => b.value))
  const total = bars.reduce((sum, b) => sum + b.value, 0)
  const slot = WIDTH / Math.max(1, bars.length)
  const gap = slot > 6 ? 2 : 0.5
  const summary = `${title}: ${total} in all over ${bars.length} ${labelHeading.toLowerCase()}s, at most ${max === 1 && total === 0 ? 0 : max} in one.`
  return (
    <figure className="chart">
      <svg className="chart__svg" role="img" aria-labelledby={`${id}-title`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%">
        <title id={`${id}-title`}>{summary}</title>
        <line className="chart__axis" x1={0} y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} />
        {bars.map((bar, i) => {
          const height = (bar.value / max) * (HEIGHT - 8)
          return (
            <rect
              key={bar.label}
              className="chart__bar"
              x={i * slot + gap / 2}
              y={HEIGHT - height}
              width={Math.max(0.5, slot - gap)}
              height={height}
            >
              <title>{`${bar.label}: ${bar.value}`}</title>
            </rect>
          )
        })}
      </svg>
      <figcaption className="muted small">
        {summary} {bars.length ? `From ${bars[0].label} to ${bars[bars.length - 1].label}.` : null}
      </figcaption>
      <details className="chart__data">
        <summary>{title} as a table</summary>
        <table className="insights-table">
          <thead>
            <tr>
              <th scope="col">{labelHeading}</th>
              <th scope="col">{valueHeading}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.label}>
                <th scope="row">{bar.label}</th>
                <td>{bar.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}
