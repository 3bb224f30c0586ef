package cn.yuyue.hall;

/**
 * A business a taxpayer can book (附件2), maintained by the province operator as data.
 *
 * @param oneWindow true when it is inside 一窗通办; false means the hall transfers the ticket
 *                  internally (内部转号) rather than making the taxpayer book again
 */
public record BusinessType(String code, String name, boolean oneWindow) {}
