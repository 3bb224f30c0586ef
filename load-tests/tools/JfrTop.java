import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's CPU samples and allocations with the JDK alone:
 * {@code java load-tests/tools/JfrTop.java recording.jfr [top]}. Prints the methods with the most
 * samples on top of the stack (self time), the cn.yuyue methods seen anywhere on sampled stacks
 * (inclusive time) and the allocation sites in cn.yuyue.
 */
public class JfrTop {

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> allocations = new HashMap<>();
        Map<String, Long> allocatedTypes = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = event.getEventType().getName();
            if (event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                self.merge(name(frames.get(0)), 1L, Long::sum);
                frames.stream().map(JfrTop::name).filter(n -> n.startsWith("cn.yuyue")).distinct()
                        .forEach(n -> inclusive.merge(n, 1L, Long::sum));
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = event.getLong("weight");
                allocated += weight;
                allocatedTypes.merge(event.getClass("objectClass").getName(), weight, Long::sum);
                frames.stream().map(JfrTop::name).filter(n -> n.startsWith("cn.yuyue")).findFirst()
                        .ifPresent(n -> allocations.merge(n, weight, Long::sum));
            }
        }
        print("CPU samples, self (top of stack), of " + samples, self, samples, top);
        print("CPU samples, inclusive, cn.yuyue methods, of " + samples, inclusive, samples, top);
        print("Allocation (sampled weight), by allocated type, of " + allocated / (1 << 20) + " MiB", allocatedTypes,
                allocated, top);
        print("Allocation (sampled weight), by nearest cn.yuyue frame", allocations, allocated, top);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Long> counts, long total, int top) {
        System.out.println();
        System.out.println("## " + title);
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(top)
                .forEach(e -> System.out.printf("%6.2f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
}
