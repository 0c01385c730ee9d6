/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Sample ACPI SSDT: OSFP cages on a switch board, described with _DSD
 * device properties (the PRP0001 "compatible" mechanism of
 * Documentation/firmware-guide/acpi/enumeration.rst).
 *
 * Build: iasl osfp-ssdt.asl   (writes osfp-ssdt.aml)
 * Load for a test: as an initrd table upgrade or through configfs, see
 * Documentation/admin-guide/acpi/ssdt-overlays.rst.
 *
 * Board (the same as osfp-overlay.dts):
 *   - \_SB.PCI0.SMB0 is the board's I2C (SMBus) controller, \_SB.GPI0 a
 *     GPIO controller with interrupts; both exist in the DSDT;
 *   - a PCA9548 I2C multiplexer at 0x70: channel N is the management bus
 *     of cage N (the module answers at 0x50);
 *   - a CPLD at 0x60 serving cages 0-3 (the register map of
 *     Documentation/networking/osfp-emulator.rst), its interrupt line on
 *     GPI0 pin 5, active low;
 *   - a fifth cage wired to GPI0 pins 10-13 directly, its module bus on
 *     multiplexer channel 4.
 *
 * Rules the osfp driver needs on ACPI:
 *   - The ports of the controller are child Device objects with _ADR and
 *     a "reg" property, never with _HID: a PRP0001 child with a
 *     "compatible" would be enumerated a second time as a platform device.
 *     Hierarchical data nodes ("port@N" subnodes in the _DSD) are not
 *     found on Linux 6.1 and 6.12: there acpi_fwnode_device_is_available()
 *     is false for data nodes, and the controller walks the available
 *     children only (7.2 treats data nodes as available).
 *   - A boolean property (present-active-low, ...) is true when it is
 *     present, whatever its value: leave it out for false.
 *   - "i2c-bus" is a reference to the ACPI device of the I2C adapter: the
 *     multiplexer channel (a Device with _ADR = channel under the
 *     multiplexer) or the controller.
 *   - For GpioIo() the polarity is the 4th element of the _DSD GPIO
 *     package; for GpioInt() it is the resource's own (ActiveLow) and the
 *     _DSD element must be 0. The driver asks for both edges itself.
 */
DefinitionBlock ("", "SSDT", 2, "OSFP", "OSFPCAGE", 0x00000001)
{
	External (\_SB.PCI0.SMB0, DeviceObj)
	External (\_SB.GPI0, DeviceObj)

	Scope (\_SB.PCI0.SMB0)
	{
		/* The modules' management buses */
		Device (MUX0)
		{
			Name (_HID, "PRP0001")
			Name (_DDN, "PCA9548 I2C multiplexer of the cages")
			Name (_CRS, ResourceTemplate ()
			{
				I2cSerialBusV2 (0x0070, ControllerInitiated, 400000,
					AddressingMode7Bit, "\\_SB.PCI0.SMB0",
					0x00, ResourceConsumer, , Exclusive, )
			})
			Name (_DSD, Package ()
			{
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package ()
				{
					Package () { "compatible", "nxp,pca9548" },
				}
			})

			Device (CH00) { Name (_ADR, 0) }
			Device (CH01) { Name (_ADR, 1) }
			Device (CH02) { Name (_ADR, 2) }
			Device (CH03) { Name (_ADR, 3) }
			Device (CH04) { Name (_ADR, 4) }
		}

		/* The cage controller (CPLD) */
		Device (CPLD)
		{
			Name (_HID, "PRP0001")
			Name (_DDN, "OSFP cage controller")
			Name (_CRS, ResourceTemplate ()
			{
				I2cSerialBusV2 (0x0060, ControllerInitiated, 400000,
					AddressingMode7Bit, "\\_SB.PCI0.SMB0",
					0x00, ResourceConsumer, , Exclusive, )
				GpioInt (Level, ActiveLow, Exclusive, PullUp, 0x0000,
					"\\_SB.GPI0", 0x00, ResourceConsumer, , ) { 5 }
			})
			Name (_DSD, Package ()
			{
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package ()
				{
					Package () { "compatible", "osfp,cage-controller" },
					Package () { "num-ports", 4 },
					Package () { "version-reg", 0x00 },
					Package () { "present-reg", 0x10 },
					Package () { "present-active-low", 1 },
					Package () { "reset-reg", 0x20 },
					Package () { "reset-active-low", 1 },
					Package () { "lpmode-reg", 0x30 },
					Package () { "int-reg", 0x40 },
					Package () { "int-active-low", 1 },
					Package () { "irq-status-reg", 0x50 },
					Package () { "irq-mask-reg", 0x60 },
				}
			})

			Device (PRT0)
			{
				Name (_ADR, 0)
				Name (_DSD, Package ()
				{
					ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
					Package ()
					{
						Package () { "reg", 0 },
						Package () { "label", "osfp0" },
						Package () { "i2c-bus", ^^MUX0.CH00 },
						Package () { "maximum-power-milliwatt", 25000 },
					}
				})
			}

			Device (PRT1)
			{
				Name (_ADR, 1)
				Name (_DSD, Package ()
				{
					ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
					Package ()
					{
						Package () { "reg", 1 },
						Package () { "label", "osfp1" },
						Package () { "i2c-bus", ^^MUX0.CH01 },
						Package () { "maximum-power-milliwatt", 25000 },
					}
				})
			}

			Device (PRT2)
			{
				Name (_ADR, 2)
				Name (_DSD, Package ()
				{
					ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
					Package ()
					{
						Package () { "reg", 2 },
						Package () { "label", "osfp2" },
						Package () { "i2c-bus", ^^MUX0.CH02 },
						Package () { "maximum-power-milliwatt", 25000 },
					}
				})
			}

			Device (PRT3)
			{
				Name (_ADR, 3)
				Name (_DSD, Package ()
				{
					ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
					Package ()
					{
						Package () { "reg", 3 },
						Package () { "label", "osfp3" },
						Package () { "i2c-bus", ^^MUX0.CH03 },
						Package () { "maximum-power-milliwatt", 25000 },
					}
				})
			}
		}
	}

	Scope (\_SB)
	{
		/* A cage wired to SoC GPIOs, without a controller */
		Device (CAG4)
		{
			Name (_HID, "PRP0001")
			Name (_DDN, "OSFP cage osfp4")
			Name (_CRS, ResourceTemplate ()
			{
				/* 0: ModPrsL, 1: IntL */
				GpioInt (Edge, ActiveLow, Exclusive, PullUp, 0x0000,
					"\\_SB.GPI0", 0x00, ResourceConsumer, , ) { 10 }
				GpioInt (Edge, ActiveLow, Exclusive, PullUp, 0x0000,
					"\\_SB.GPI0", 0x00, ResourceConsumer, , ) { 13 }
				/* 2: ResetL, 3: LPWn */
				GpioIo (Exclusive, PullNone, 0, 0, IoRestrictionOutputOnly,
					"\\_SB.GPI0", 0x00, ResourceConsumer, , ) { 11 }
				GpioIo (Exclusive, PullNone, 0, 0, IoRestrictionOutputOnly,
					"\\_SB.GPI0", 0x00, ResourceConsumer, , ) { 12 }
			})
			Name (_DSD, Package ()
			{
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package ()
				{
					Package () { "compatible", "osfp,cage" },
					Package () { "label", "osfp4" },
					Package () { "i2c-bus", \_SB.PCI0.SMB0.MUX0.CH04 },
					Package () { "maximum-power-milliwatt", 15000 },
					Package () { "present-gpios", Package () { ^CAG4, 0, 0, 0 } },
					Package () { "int-gpios", Package () { ^CAG4, 1, 0, 0 } },
					Package () { "reset-gpios", Package () { ^CAG4, 2, 0, 1 } },
					Package () { "lpmode-gpios", Package () { ^CAG4, 3, 0, 1 } },
				}
			})
		}
	}
}
