package cn.yuyue.admin.checkin;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.hall.BusinessType;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.ProvinceTime;

/**
 * The 预约办税单 as a print-ready HTML page: UTF-8 and system fonts, so Chinese renders in any
 * browser without shipping a font; {@code @media print} sizes it for A5 and hides the print button.
 * Pure string work, safe on the event loop; every value is HTML-escaped.
 */
final class SlipPage {

    private static final DateTimeFormatter PRINTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private SlipPage() {}

    static String render(Booking booking, HallCatalogue catalogue, Instant printedAt) {
        Hall hall = catalogue.hall(booking.hallCode()).orElseThrow();
        List<BusinessType> types = booking.businessTypes().stream()
                .map(code -> catalogue.businessType(code).orElse(new BusinessType(code, code, true)))
                .toList();
        String businesses = types.stream().map(type -> escape(type.name())).collect(Collectors.joining("、"));
        String transfers = types.stream()
                .filter(type -> !type.oneWindow())
                .map(type -> escape(type.name()))
                .collect(Collectors.joining("、"));
        int windows = hall.schedule().dedicatedWindows();
        String group = "预约办税专窗（" + (windows == 1 ? "1号窗口" : "1-" + windows + "号窗口") + "）";
        return """
                <!DOCTYPE html>
                <html lang="zh-CN">
                <head>
                <meta charset="UTF-8">
                <title>预约办税单 %1$s</title>
                <style>
                  body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
                         margin: 2em auto; max-width: 32em; color: #000; }
                  h1 { font-size: 1.4em; text-align: center; margin: 0 0 .2em; }
                  .hall { text-align: center; margin-bottom: 1em; }
                  .number { font-size: 3em; font-weight: bold; text-align: center; letter-spacing: .1em;
                            border: 2px solid #000; padding: .2em; margin: .5em 0; }
                  table { width: 100%%; border-collapse: collapse; }
                  th { text-align: left; width: 7em; vertical-align: top; padding: .3em 0; }
                  td { padding: .3em 0; }
                  .note { font-size: .85em; margin-top: 1em; }
                  button { margin-top: 1em; }
                  @media print {
                    @page { size: A5; margin: 10mm; }
                    body { margin: 0; max-width: none; }
                    button { display: none; }
                  }
                </style>
                </head>
                <body>
                <h1>预约办税单</h1>
                <div class="hall">%2$s</div>
                <div class="number">%1$s</div>
                <table>
                  <tr><th>纳税人</th><td>%3$s</td></tr>
                  <tr><th>纳税人识别号</th><td>%4$s</td></tr>
                  <tr><th>预约时段</th><td>%5$s %6$s-%7$s</td></tr>
                  <tr><th>办理业务</th><td>%8$s</td></tr>
                  <tr><th>办理窗口</th><td>%9$s</td></tr>
                  <tr><th>需内部转号</th><td>%10$s</td></tr>
                  <tr><th>预约编号</th><td>%11$s</td></tr>
                </table>
                <p class="note">已现场确认，请到预约办税专窗优先办理。打印时间：%12$s</p>
                <button onclick="window.print()">打印</button>
                </body>
                </html>
                """.formatted(
                        escape(booking.appointmentNo()),
                        escape(hall.name()),
                        escape(booking.taxpayerName()),
                        escape(TaxpayerId.masked(booking.taxpayerId())),
                        booking.date(),
                        booking.start(),
                        booking.end(),
                        businesses,
                        escape(group),
                        transfers.isEmpty() ? "无" : transfers,
                        escape(booking.id()),
                        PRINTED.format(printedAt.atZone(ProvinceTime.ZONE)));
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
