// Chart.js, registered with only what the compliance page draws (bar, line, matrix heat map), so the chunk stays
// small; loaded on demand by <ChartView>.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
} from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, MatrixController, MatrixElement);
Chart.defaults.font.family = "system-ui, 'Segoe UI', Roboto, sans-serif";
Chart.defaults.color = '#33404d';
Chart.defaults.animation = false;

export { Chart };
export type { ChartConfiguration, ChartType };
