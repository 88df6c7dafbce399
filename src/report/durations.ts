/** Durations and offsets in the units a person reads at the run's scale. */

/** A duration: "0.7 s", "1 min 05 s", "1 h 05 min". */
export function duration(seconds: number): string {
  return seconds < 60
    ? `${seconds.toFixed(1)} s`
    : seconds < 3600
      ? `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`
      : `${Math.floor(seconds / 3600)} h ${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')} min`
}

/** An offset from an origin: "+0.7 s", "+1 min 05 s", "-1 min 00 s". */
export function offset(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${duration(Math.abs(ms) / 1000)}`
}
