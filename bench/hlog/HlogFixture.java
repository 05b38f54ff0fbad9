// Writes an interval log with HdrHistogram's own Java HistogramLogWriter (Debian's
// libhdrhistogram-java), from values.txt (tests/fixtures/hlog/make_values.py), and prints what the
// Java library computes for each interval and for their sum: the numbers latbench's reader and
// histogram are tested against (tests/unit/hlog_fixture_test.cpp).
//   javac -cp /usr/share/java/hdrhistogram.jar HlogFixture.java
//   java -cp /usr/share/java/hdrhistogram.jar:. HlogFixture values.txt out.hlog > numbers.txt
import java.io.BufferedReader;
import java.io.FileReader;
import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

public class HlogFixture {
    static final long START_MS = 1764654444123L;  // 2025-12-02T05:47:24.123Z, fixed: the file is reproducible

    static void print(PrintStream out, String name, Histogram h) {
        out.printf(Locale.US, "%s count=%d min=%d max=%d mean=%.17g stddev=%.17g", name, h.getTotalCount(),
                h.getMinValue(), h.getMaxValue(), h.getMean(), h.getStdDeviation());
        double[] ps = {0.0, 25.0, 50.0, 90.0, 99.0, 99.9, 99.99, 100.0};
        for (double p : ps) out.printf(Locale.US, " p%s=%d", Double.toString(p), h.getValueAtPercentile(p));
        out.println();
    }

    public static void main(String[] args) throws Exception {
        HistogramLogWriter writer = new HistogramLogWriter(args[1]);
        writer.outputComment("[Written by HdrHistogram's HistogramLogWriter (Java) from values.txt: microseconds]");
        writer.outputLogFormatVersion();
        writer.outputStartTime(START_MS);
        writer.setBaseTime(START_MS);
        writer.outputBaseTime(START_MS);
        writer.outputLegend();
        Histogram total = new Histogram(1, 3600000000L, 3);
        int index = 0;
        try (BufferedReader in = new BufferedReader(new FileReader(args[0]))) {
            for (String line; (line = in.readLine()) != null; ++index) {
                String[] f = line.trim().split(" ");
                double start = Double.parseDouble(f[0]), length = Double.parseDouble(f[1]);
                Histogram h = new Histogram(1, 3600000000L, 3);
                for (int i = 3; i < f.length; ++i) h.recordValue(Long.parseLong(f[i]));
                if (!f[2].equals("-")) h.setTag(f[2]);
                writer.outputIntervalHistogram(start, start + length, h, 1000.0);
                print(System.out, "interval" + index, h);
                total.add(h);
            }
        }
        writer.close();
        print(System.out, "total", total);
    }
}
