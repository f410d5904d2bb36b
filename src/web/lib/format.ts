/** An instant as local date and time for tables and timelines (24-hour clock); empty when absent. */
export const fmtTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '');
