// SPDX-License-Identifier: MIT
// PLACEHOLDER: replaced by the real tests of this unit before it is committed.
#include "guitestutil.h"

class Test_sensitivitypage : public QObject {
    Q_OBJECT
};

QTEST_MAIN(Test_sensitivitypage)
#include "tst_sensitivitypage.moc"
