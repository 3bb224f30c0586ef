package cn.yuyue.verification;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws a captcha text as a PNG: each character rotated, sheared and scaled on its own, the whole
 * waved, with curves and dots across it.
 *
 * <p>The characters are strokes defined here, not a font: a container image may have no fonts or
 * fontconfig (the JDK then fails at the first text drawn), and loading a font is file I/O. Pure
 * CPU, a few milliseconds: callers run it off the event loop. Needs {@code java.awt.headless}
 * (Spring Boot sets it).
 */
final class CaptchaImages {

    static final int WIDTH = 150;
    static final int HEIGHT = 50;

    /** Strokes on a 4 x 6 grid, y down: polylines "x,y x,y ..." separated by "|". */
    private static final Map<Character, Path2D> GLYPHS = glyphs(Map.ofEntries(
            Map.entry('A', "0,6 2,0 4,6|1,3.6 3,3.6"),
            Map.entry('C', "4,1 3,0 1,0 0,1 0,5 1,6 3,6 4,5"),
            Map.entry('E', "4,0 0,0 0,6 4,6|0,3 3,3"),
            Map.entry('F', "4,0 0,0 0,6|0,3 3,3"),
            Map.entry('H', "0,0 0,6|4,0 4,6|0,3 4,3"),
            Map.entry('J', "4,0 4,5 3,6 1,6 0,5"),
            Map.entry('K', "0,0 0,6|4,0 0,3.5|1.3,2.7 4,6"),
            Map.entry('M', "0,6 0,0 2,3 4,0 4,6"),
            Map.entry('N', "0,6 0,0 4,6 4,0"),
            Map.entry('P', "0,6 0,0 3,0 4,1 4,2 3,3 0,3"),
            Map.entry('R', "0,6 0,0 3,0 4,1 4,2 3,3 0,3|2,3 4,6"),
            Map.entry('T', "0,0 4,0|2,0 2,6"),
            Map.entry('U', "0,0 0,5 1,6 3,6 4,5 4,0"),
            Map.entry('V', "0,0 2,6 4,0"),
            Map.entry('W', "0,0 1,6 2,2 3,6 4,0"),
            Map.entry('X', "0,0 4,6|4,0 0,6"),
            Map.entry('Y', "0,0 2,3 4,0|2,3 2,6"),
            Map.entry('3', "0,1 1,0 3,0 4,1 4,2 3,3 1.5,3|3,3 4,4 4,5 3,6 1,6 0,5"),
            Map.entry('4', "3,6 3,0 0,4 4,4"),
            Map.entry('6', "4,1 3,0 1,0 0,1 0,5 1,6 3,6 4,5 4,4 3,3 0,3"),
            Map.entry('7', "0,0 4,0 1.5,6"),
            Map.entry('9', "0,5 1,6 3,6 4,5 4,1 3,0 1,0 0,1 0,2 1,3 4,3")));

    private static final int MARGIN = 10;

    static boolean canDraw(char c) {
        return GLYPHS.containsKey(c);
    }

    /** The PNG bytes of {@code text}; {@code random} decides every distortion. */
    byte[] png(String text, Random random) {
        BufferedImage canvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = canvas.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setColor(new Color(236 + random.nextInt(20), 236 + random.nextInt(20), 230 + random.nextInt(20)));
            graphics.fillRect(0, 0, WIDTH, HEIGHT);
            dots(graphics, random);
            curves(graphics, random, 3, 1.5f);
            characters(graphics, text, random);
            curves(graphics, random, 2, 1.2f);
        } finally {
            graphics.dispose();
        }
        return encode(waved(canvas, random));
    }

    private static void characters(Graphics2D graphics, String text, Random random) {
        double cell = (WIDTH - 2.0 * MARGIN) / text.length();
        for (int i = 0; i < text.length(); i++) {
            Path2D glyph = GLYPHS.get(text.charAt(i));
            if (glyph == null) {
                throw new IllegalArgumentException("No glyph for '" + text.charAt(i) + "'");
            }
            double scaleX = 3.6 + random.nextDouble() * 1.2;
            double scaleY = 4.8 + random.nextDouble() * 1.2;
            AffineTransform placed = new AffineTransform();
            placed.translate(
                    MARGIN + i * cell + cell / 2 + random.nextGaussian() * 1.5,
                    HEIGHT / 2.0 + random.nextGaussian() * 2);
            placed.rotate((random.nextDouble() - 0.5) * 0.7);
            placed.shear((random.nextDouble() - 0.5) * 0.5, 0);
            placed.scale(scaleX, scaleY);
            placed.translate(-2, -3);
            // Transform the shape, not the graphics: a transformed stroke would be as wide as a cell.
            Shape drawn = placed.createTransformedShape(glyph);
            graphics.setColor(new Color(random.nextInt(70), random.nextInt(70), 40 + random.nextInt(80)));
            graphics.setStroke(
                    new BasicStroke(2.4f + random.nextFloat() * 0.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            graphics.draw(drawn);
        }
    }

    private static void curves(Graphics2D graphics, Random random, int count, float width) {
        graphics.setStroke(new BasicStroke(width));
        for (int i = 0; i < count; i++) {
            graphics.setColor(new Color(90 + random.nextInt(80), 90 + random.nextInt(80), 90 + random.nextInt(80)));
            graphics.draw(new QuadCurve2D.Double(
                    0,
                    random.nextInt(HEIGHT),
                    WIDTH / 2.0,
                    random.nextInt(HEIGHT * 2) - HEIGHT / 2.0,
                    WIDTH,
                    random.nextInt(HEIGHT)));
        }
    }

    private static void dots(Graphics2D graphics, Random random) {
        for (int i = 0; i < 120; i++) {
            graphics.setColor(
                    new Color(120 + random.nextInt(100), 120 + random.nextInt(100), 120 + random.nextInt(100)));
            graphics.fillOval(random.nextInt(WIDTH), random.nextInt(HEIGHT), 2, 2);
        }
    }

    /** Shifts each column up or down along a sine: no straight baseline to segment the text by. */
    private static BufferedImage waved(BufferedImage source, Random random) {
        BufferedImage target = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        double amplitude = 2 + random.nextDouble() * 2;
        double period = 40 + random.nextDouble() * 40;
        double phase = random.nextDouble() * 2 * Math.PI;
        int background = source.getRGB(0, 0);
        for (int x = 0; x < WIDTH; x++) {
            int shift = (int) Math.round(amplitude * Math.sin(2 * Math.PI * x / period + phase));
            for (int y = 0; y < HEIGHT; y++) {
                int from = y - shift;
                target.setRGB(x, y, from >= 0 && from < HEIGHT ? source.getRGB(x, from) : background);
            }
        }
        return target;
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        // In memory: ImageIO's default for a stream is a temporary file, which is disk I/O per image.
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("No PNG writer: every JDK has one");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Map<Character, Path2D> glyphs(Map<Character, String> strokes) {
        Map<Character, Path2D> glyphs = new HashMap<>();
        strokes.forEach((character, polylines) -> {
            Path2D path = new Path2D.Double();
            for (String polyline : polylines.split("\\|")) {
                String[] points = polyline.trim().split(" ");
                for (int i = 0; i < points.length; i++) {
                    String[] xy = points[i].split(",");
                    double x = Double.parseDouble(xy[0]);
                    double y = Double.parseDouble(xy[1]);
                    if (i == 0) {
                        path.moveTo(x, y);
                    } else {
                        path.lineTo(x, y);
                    }
                }
            }
            glyphs.put(character, path);
        });
        return Map.copyOf(glyphs);
    }
}
