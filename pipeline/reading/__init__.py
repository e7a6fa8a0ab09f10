"""Reading the source: pages, their shortcodes, and what each region shows of them."""
