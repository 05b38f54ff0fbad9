// Reads .hlog files with HdrHistogram's own Java HistogramLogReader, adds every interval of every
// file with Histogram.add, and prints what the Java library computes for the sum in the words of
// `latbench hlog show` (its lines 2-3), so bench/hlog_vs_hdrhistogram.sh can diff the two.
//   java -cp /usr/share/java/hdrhistogram.jar:. ReadOurs FILE...
import java.util.Locale;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

public class ReadOurs {
    static String ms(long us) { return String.format(Locale.US, "%.3f", us / 1000.0); }

    public static void main(String[] args) throws Exception {
        Histogram total = null;
        for (String file : args) {
            HistogramLogReader reader = new HistogramLogReader(file);
            for (EncodableHistogram e; (e = reader.nextIntervalHistogram()) != null;) {
                Histogram h = (Histogram) e;
                if (total == null) total = new Histogram(h.getLowestDiscernibleValue(), h.getHighestTrackableValue(),
                        h.getNumberOfSignificantValueDigits());
                total.add(h);
            }
        }
        System.out.printf(Locale.US, "count %d  min %s ms  mean %.3f ms  stddev %.3f ms  max %s ms%n", total.getTotalCount(),
                ms(total.getMinValue()), total.getMean() / 1000.0, total.getStdDeviation() / 1000.0, ms(total.getMaxValue()));
        StringBuilder line = new StringBuilder("percentiles (ms):");
        for (double p : new double[] {50.0, 90.0, 95.0, 99.0, 99.9, 99.99}) {
            String label = p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
            line.append("  p").append(label).append(' ').append(ms(total.getValueAtPercentile(p)));
        }
        System.out.println(line);
    }
}
