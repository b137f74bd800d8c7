/** Address ownership map ({@link ukcf.monitor.AddressOwnershipMap}) and control-transfer classification. */
package ukcf.monitor;
