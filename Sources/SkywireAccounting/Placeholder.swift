public enum SkywireAccountingPlaceholder {}
